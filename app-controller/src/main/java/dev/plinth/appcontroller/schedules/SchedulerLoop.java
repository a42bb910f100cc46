package dev.plinth.appcontroller.schedules;

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
    private boolean failing;

    public SchedulerLoop(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Scheduled(fixedDelay = "${plinth.scheduler.interval:1s}", initialDelay = "${plinth.scheduler.interval:1s}")
    void run() {
        try {
            scheduler.tick();
            if (failing) {
                LOG.info("the scheduler reaches MongoDB again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("the scheduler cannot look for due schedules, retrying every interval: {}", e.getMessage());
                failing = true;
            }
        }
    }
}
