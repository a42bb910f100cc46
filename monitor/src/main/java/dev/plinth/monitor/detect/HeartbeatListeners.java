package dev.plinth.monitor.detect;

import dev.plinth.contracts.events.NodeHeartbeat;
import dev.plinth.contracts.events.SubsystemHeartbeat;
import dev.plinth.contracts.events.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;

/**
 * Feeds heartbeats to the {@link HeartbeatWatch}. Every monitor process tracks every source itself,
 * so each has consumer groups of its own (fresh each run, left empty at shutdown for the broker to
 * drop: deleting them then left their consumers running after the context closed) and reads from now on.
 */
final class HeartbeatListeners {

    private HeartbeatListeners() {
    }

    /** Node agents' heartbeats. */
    @KafkaListener(groupId = "monitor-node-heartbeats", uniqueGroupId = true, uniqueGroupIdDeleteOnShutdown = false,
            offsetReset = OffsetReset.LATEST)
    static class Nodes {

        private final HeartbeatWatch watch;

        Nodes(HeartbeatWatch watch) {
            this.watch = watch;
        }

        @Topic(Topics.NODE_HEARTBEATS)
        void receive(NodeHeartbeat heartbeat) {
            watch.nodeHeartbeat(heartbeat);
        }
    }

    /** Subsystems' heartbeats. */
    @KafkaListener(groupId = "monitor-subsystem-heartbeats", uniqueGroupId = true, uniqueGroupIdDeleteOnShutdown = false,
            offsetReset = OffsetReset.LATEST)
    static class Subsystems {

        private final HeartbeatWatch watch;

        Subsystems(HeartbeatWatch watch) {
            this.watch = watch;
        }

        @Topic(Topics.SUBSYSTEM_HEARTBEATS)
        void receive(SubsystemHeartbeat heartbeat) {
            watch.subsystemHeartbeat(heartbeat);
        }
    }
}
