package dev.plinth.agent;

import dev.plinth.contracts.events.InstanceStatus;
import dev.plinth.contracts.events.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.configuration.kafka.annotation.KafkaKey;
import io.micronaut.configuration.kafka.annotation.Topic;

/** Publishes instance status changes, waiting for Kafka's acknowledgement. */
@KafkaClient(id = "instance-status", acks = KafkaClient.Acknowledge.ALL)
public interface InstanceStatusClient {

    /**
     * @param instanceId the record key
     * @param status     the change
     */
    @Topic(Topics.INSTANCE_STATUS)
    void send(@KafkaKey String instanceId, InstanceStatus status);
}
