package dev.plinth.nodemanager.control;

import dev.plinth.contracts.events.NodeEvent;
import dev.plinth.contracts.events.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.configuration.kafka.annotation.KafkaKey;
import io.micronaut.configuration.kafka.annotation.Topic;

/** Says when a node's state changed, so the deployer moves the instances of a lost or draining node at once. */
@KafkaClient(id = "node-manager-node-events", acks = KafkaClient.Acknowledge.ONE)
public interface NodeEventClient {

    @Topic(Topics.NODE_EVENTS)
    void send(@KafkaKey String nodeId, NodeEvent event);
}
