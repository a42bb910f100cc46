package dev.plinth.nodemanager.dispatch;

import dev.plinth.contracts.events.NodeCommand;
import dev.plinth.contracts.events.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.configuration.kafka.annotation.KafkaKey;
import io.micronaut.configuration.kafka.annotation.Topic;

/** Publishes commands to node agents, keyed by node, waiting for Kafka's acknowledgement. */
@KafkaClient(id = "node-commands", acks = KafkaClient.Acknowledge.ALL)
public interface NodeCommandClient {

    /**
     * @param nodeId  the record key: the node whose agent must act
     * @param command the command
     */
    @Topic(Topics.NODE_COMMANDS)
    void send(@KafkaKey String nodeId, NodeCommand command);
}
