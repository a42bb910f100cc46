package dev.plinth.appcontroller.deployments;

import dev.plinth.contracts.events.DeploymentEvent;
import dev.plinth.contracts.events.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.configuration.kafka.annotation.KafkaKey;
import io.micronaut.configuration.kafka.annotation.Topic;

/** Publishes {@link DeploymentEvent}s on {@code deployment.events}, keyed by deployment id. */
@KafkaClient(id = "app-controller-deployment-events", acks = KafkaClient.Acknowledge.ALL)
public interface DeploymentEventsClient {

    /**
     * Sends an event and waits for Kafka to acknowledge it.
     *
     * @param deploymentId the deployment, the record key
     * @param event        the event
     */
    @Topic(Topics.DEPLOYMENT_EVENTS)
    void send(@KafkaKey String deploymentId, DeploymentEvent event);
}
