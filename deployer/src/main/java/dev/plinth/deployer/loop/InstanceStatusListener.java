package dev.plinth.deployer.loop;

import dev.plinth.contracts.events.InstanceStatus;
import dev.plinth.contracts.events.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;

import java.time.Duration;

/**
 * Wakes an instance's deployment when its agent reports a status change. node-manager records the
 * state in MongoDB from the same event, so this pass may run before that write: the deployment is
 * woken once more a second later to see it, rather than waiting for the resync.
 */
@KafkaListener(groupId = "deployer-status", offsetReset = OffsetReset.LATEST)
public class InstanceStatusListener {

    private static final Duration SETTLE = Duration.ofSeconds(1);

    private final ReconcileLoop loop;

    public InstanceStatusListener(ReconcileLoop loop) {
        this.loop = loop;
    }

    @Topic(Topics.INSTANCE_STATUS)
    void receive(InstanceStatus status) {
        loop.wake(status.deploymentId());
        loop.wakeAfter(status.deploymentId(), SETTLE);
    }
}
