package dev.plinth.deployer.loop;

import dev.plinth.contracts.events.DeploymentEvent;
import dev.plinth.contracts.events.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.configuration.kafka.annotation.KafkaKey;
import io.micronaut.configuration.kafka.annotation.Topic;

/** Publishes the deployer's deployment events. */
@KafkaClient(id = "deployer-events", acks = KafkaClient.Acknowledge.ALL)
public interface DeploymentEventClient {

    /**
     * @param deploymentId the deployment, the record key
     * @param event        the event
     */
    @Topic(Topics.DEPLOYMENT_EVENTS)
    void send(@KafkaKey String deploymentId, DeploymentEvent event);
}
