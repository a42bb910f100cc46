package dev.plinth.agent;

import dev.plinth.contracts.events.NodeHeartbeat;
import dev.plinth.contracts.events.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.configuration.kafka.annotation.KafkaKey;
import io.micronaut.configuration.kafka.annotation.Topic;

/** Publishes node heartbeats. */
@KafkaClient(id = "node-heartbeats", acks = KafkaClient.Acknowledge.ONE)
public interface NodeHeartbeatClient {

    @Topic(Topics.NODE_HEARTBEATS)
    void send(@KafkaKey String nodeId, NodeHeartbeat heartbeat);
}
