package dev.plinth.contracts.events;

import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
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
 * @param isolationProblems why the agent cannot isolate instances, each with its fix; empty when it
 *                       can (or when its node does not require isolation). A node with problems is
 *                       not ready: nothing is placed on it. Absent in heartbeats of older agents.
 * @param unconfined     true when the node's inventory entry says {@code isolation: none}, so its
 *                       instances run without a sandbox; absent (false) in heartbeats of older agents
 * @param takenPorts     ports of the node's range that something other than its instances holds, so
 *                       an instance placed on one could not start: placement skips them. Absent (none)
 *                       in heartbeats of older agents
 */
@Serdeable
public record NodeHeartbeat(String nodeId, String agentId, long sequence, double cpuCapacity, double cpuUsed,
                            long memoryCapacityMb, long memoryUsedMb, List<String> instances, Instant timestamp,
                            @Nullable List<String> isolationProblems, boolean unconfined,
                            @Nullable List<Integer> takenPorts) {

    @Creator
    public NodeHeartbeat {
        instances = instances == null ? List.of() : List.copyOf(instances);
        isolationProblems = isolationProblems == null ? List.of() : List.copyOf(isolationProblems);
        takenPorts = takenPorts == null ? List.of() : List.copyOf(takenPorts);
    }

    /** A heartbeat whose node's port range is free of other processes. */
    public NodeHeartbeat(String nodeId, String agentId, long sequence, double cpuCapacity, double cpuUsed,
                         long memoryCapacityMb, long memoryUsedMb, List<String> instances, Instant timestamp,
                         @Nullable List<String> isolationProblems, boolean unconfined) {
        this(nodeId, agentId, sequence, cpuCapacity, cpuUsed, memoryCapacityMb, memoryUsedMb, instances, timestamp,
                isolationProblems, unconfined, List.of());
    }

    /** A heartbeat of a node that can isolate its instances and requires it. */
    public NodeHeartbeat(String nodeId, String agentId, long sequence, double cpuCapacity, double cpuUsed,
                         long memoryCapacityMb, long memoryUsedMb, List<String> instances, Instant timestamp) {
        this(nodeId, agentId, sequence, cpuCapacity, cpuUsed, memoryCapacityMb, memoryUsedMb, instances, timestamp,
                List.of(), false, List.of());
    }
}
