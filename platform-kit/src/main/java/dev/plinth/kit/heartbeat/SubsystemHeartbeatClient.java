package dev.plinth.kit.heartbeat;

import dev.plinth.contracts.events.SubsystemHeartbeat;
import dev.plinth.contracts.events.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.configuration.kafka.annotation.KafkaKey;
import io.micronaut.configuration.kafka.annotation.Topic;

/** Publishes subsystem heartbeats. */
@KafkaClient(id = "subsystem-heartbeats", acks = KafkaClient.Acknowledge.ONE)
public interface SubsystemHeartbeatClient {

    /**
     * @param subsystem the subsystem name, the record key
     * @param heartbeat the heartbeat
     */
    @Topic(Topics.SUBSYSTEM_HEARTBEATS)
    void send(@KafkaKey String subsystem, SubsystemHeartbeat heartbeat);
}
