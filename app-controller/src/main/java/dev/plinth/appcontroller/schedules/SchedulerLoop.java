package dev.plinth.appcontroller.schedules;

import dev.plinth.kit.control.FailureLog;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the {@link Scheduler} every {@code plinth.scheduler.interval}, unless {@code plinth.scheduler.enabled} is false. */
@Singleton
@Requires(property = "plinth.scheduler.enabled", notEquals = "false")
@Requires(property = "mongodb.uri")
public class SchedulerLoop {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerLoop.class);

    private final Scheduler scheduler;
    private final FailureLog mongo = new FailureLog(LOG, "the scheduler cannot look for due schedules, retrying every interval",
            "the scheduler reaches MongoDB again");

    public SchedulerLoop(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Scheduled(fixedDelay = "${plinth.scheduler.interval:1s}", initialDelay = "${plinth.scheduler.interval:1s}")
    void run() {
        try {
            scheduler.tick();
            mongo.recovered();
        } catch (RuntimeException e) {
            mongo.failed(e);
        }
    }
}
