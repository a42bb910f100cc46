package dev.plinth.nodemanager.control;

import dev.plinth.contracts.events.DeploymentEvent;
import dev.plinth.contracts.events.Topics;
import dev.plinth.nodemanager.instances.InstancesChanged;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;

/**
 * Wakes the control loop when a deployment changes: the deployer writes instances, then says so on
 * {@code deployment.events}. Every process has its own group (the lease holder must hear every
 * event), starting from now: a missed wake-up only waits for the next tick.
 */
@KafkaListener(groupId = "node-manager-wakeups", uniqueGroupId = true, uniqueGroupIdDeleteOnShutdown = false,
        offsetReset = OffsetReset.LATEST)
public class DeploymentWakeUps {

    private final ControlLoop loop;

    public DeploymentWakeUps(ControlLoop loop) {
        this.loop = loop;
    }

    @Topic(Topics.DEPLOYMENT_EVENTS)
    void receive(DeploymentEvent event) {
        loop.onApplicationEvent(new InstancesChanged("deployment " + event.deploymentId() + " " + event.type()));
    }
}
