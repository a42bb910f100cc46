package dev.plinth.deployer.loop;

import dev.plinth.contracts.events.DeploymentEvent;
import dev.plinth.contracts.events.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;

/**
 * Wakes a deployment when its desired state changed ({@code DESIRED}, {@code STOPPED}). The event
 * is only a wake-up: the deployment document is the truth, and the resync catches missed events.
 */
@KafkaListener(groupId = "deployer", offsetReset = OffsetReset.LATEST)
public class DeploymentEventListener {

    private final ReconcileLoop loop;

    public DeploymentEventListener(ReconcileLoop loop) {
        this.loop = loop;
    }

    @Topic(Topics.DEPLOYMENT_EVENTS)
    void receive(DeploymentEvent event) {
        if (event.type() == DeploymentEvent.Type.DESIRED || event.type() == DeploymentEvent.Type.STOPPED) {
            loop.wake(event.deploymentId());
        }
    }
}
