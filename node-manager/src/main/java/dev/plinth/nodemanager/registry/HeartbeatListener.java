package dev.plinth.nodemanager.registry;

import dev.plinth.contracts.events.NodeHeartbeat;
import dev.plinth.contracts.events.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.scheduling.annotation.Scheduled;

/**
 * Feeds agents' heartbeats to the registry and expires silent nodes. Every node-manager process
 * keeps its own registry, so each has its own consumer group (a fresh one per run, left empty at
 * shutdown for the broker to drop: deleting it then left the consumer running after the context closed) and sees every node's heartbeats, from now on.
 */
@KafkaListener(groupId = "node-manager-heartbeats", uniqueGroupId = true, uniqueGroupIdDeleteOnShutdown = false,
        offsetReset = OffsetReset.LATEST)
public class HeartbeatListener {

    private final NodeRegistry registry;

    public HeartbeatListener(NodeRegistry registry) {
        this.registry = registry;
    }

    @Topic(Topics.NODE_HEARTBEATS)
    void receive(NodeHeartbeat heartbeat) {
        registry.heartbeat(heartbeat);
    }

    @Scheduled(fixedDelay = "1s")
    void expire() {
        registry.expire();
    }
}
