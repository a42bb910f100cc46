package dev.plinth.contracts.events;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/**
 * A node agent's heartbeat, every 2 seconds. Published on {@link Topics#NODE_HEARTBEATS}, keyed by node id.
 *
 * @param nodeId         the node
 * @param agentId        this run of the agent (changes when the agent restarts)
 * @param sequence       counts up within one agent run
 * @param cpuCapacity    cores the node offers
 * @param cpuUsed        cores in use by its instances, measured
 * @param memoryCapacityMb memory the node offers, in MiB
 * @param memoryUsedMb   memory in use by its instances, measured, in MiB
 * @param instances      ids of the instances it runs now
 * @param timestamp      when it was sent
 */
@Serdeable
public record NodeHeartbeat(String nodeId, String agentId, long sequence, double cpuCapacity, double cpuUsed,
                            long memoryCapacityMb, long memoryUsedMb, List<String> instances, Instant timestamp) {

    public NodeHeartbeat {
        instances = instances == null ? List.of() : List.copyOf(instances);
    }
}
