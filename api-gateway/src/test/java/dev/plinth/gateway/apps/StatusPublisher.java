package dev.plinth.gateway.apps;

import dev.plinth.contracts.events.InstanceStatus;
import dev.plinth.contracts.events.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.configuration.kafka.annotation.KafkaKey;
import io.micronaut.configuration.kafka.annotation.Topic;

/** Publishes instance status events in tests, as an agent would. */
@KafkaClient(id = "test-instance-status", acks = KafkaClient.Acknowledge.ALL)
public interface StatusPublisher {

    @Topic(Topics.INSTANCE_STATUS)
    void send(@KafkaKey String instanceId, InstanceStatus status);
}
