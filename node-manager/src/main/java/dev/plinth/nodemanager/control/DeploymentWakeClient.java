package dev.plinth.nodemanager.control;

import dev.plinth.contracts.events.DeploymentEvent;
import dev.plinth.contracts.events.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.configuration.kafka.annotation.KafkaKey;
import io.micronaut.configuration.kafka.annotation.Topic;

/** Wakes the deployer for deployments whose instances sit on a node that was just lost or is draining. */
@KafkaClient(id = "node-manager-deployment-wakeups", acks = KafkaClient.Acknowledge.ONE)
public interface DeploymentWakeClient {

    @Topic(Topics.DEPLOYMENT_EVENTS)
    void send(@KafkaKey String deploymentId, DeploymentEvent event);
}
