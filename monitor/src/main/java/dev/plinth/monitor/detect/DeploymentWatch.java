package dev.plinth.monitor.detect;

import dev.plinth.contracts.events.Alert;
import dev.plinth.contracts.events.DeploymentEvent;
import dev.plinth.contracts.events.Topics;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;

import java.time.Clock;

/**
 * ROLLOUT_FAILED (WARNING, subject {@code app/NAME}) from the deployer's FAILED events on
 * {@code deployment.events}, with the event's reason as the message. A ROLLED_OUT event of the app
 * resolves its ROLLOUT_FAILED and CRASH_LOOP alerts: every desired instance runs and is healthy.
 * One consumer group for all monitor processes ({@code monitor-deployments}), so each event is
 * turned into an alert once; an event whose alert cannot be published is retried every 2 s.
 */
@KafkaListener(groupId = "monitor-deployments", offsetReset = OffsetReset.LATEST, offsetStrategy = OffsetStrategy.SYNC_PER_RECORD,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_ON_ERROR, retryDelay = "2s", retryCount = Integer.MAX_VALUE))
public class DeploymentWatch {

    private final AlertPublisher publisher;
    private final CrashLoopWatch crashLoops;
    private final Clock clock = Clock.systemUTC();

    public DeploymentWatch(AlertPublisher publisher, CrashLoopWatch crashLoops) {
        this.publisher = publisher;
        this.crashLoops = crashLoops;
    }

    @Topic(Topics.DEPLOYMENT_EVENTS)
    void receive(DeploymentEvent event) {
        if (event.app() == null || event.type() == null) {
            return;
        }
        String subject = CrashLoopWatch.APP_PREFIX + event.app();
        switch (event.type()) {
            case FAILED -> {
                String reason = event.reason() == null || event.reason().isBlank()
                        ? "the rollout of version " + event.version() + " failed" : event.reason();
                require(publisher.raise(Alert.Kind.ROLLOUT_FAILED, Alert.Severity.WARNING, subject, event.app(), reason,
                        event.timestamp() == null ? clock.instant() : event.timestamp()));
            }
            case ROLLED_OUT -> {
                String message = "version " + event.version() + " rolled out: every instance is healthy";
                require(publisher.resolve(Alert.Kind.ROLLOUT_FAILED, subject, event.app(), message, clock.instant()));
                require(publisher.resolve(Alert.Kind.CRASH_LOOP, subject, event.app(), message, clock.instant()));
                crashLoops.forget(event.app());
            }
            default -> {
            }
        }
    }

    /** Turns a failed publication into an error, so the event is polled again. */
    private static void require(boolean published) {
        if (!published) {
            throw new IllegalStateException("the alert could not be published; the event is tried again");
        }
    }
}
