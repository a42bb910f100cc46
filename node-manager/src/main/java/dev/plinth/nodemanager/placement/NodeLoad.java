package dev.plinth.nodemanager.placement;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The planner's working copy of one node: its snapshot plus what is reserved on it so far,
 * counting the bound instances and every instance placed on it earlier in the same plan.
 * Only the planner changes it, through {@link #reserve}. Feasibility and ranking only read it.
 */
final class NodeLoad {

    private final NodeSnapshot node;
    private final long cpuCapacityMilli;
    private long cpuUsedMilli;
    private long memoryUsedMb;
    /** Bit i is set when port {@code portFrom + i} is taken. Ports outside the range are not tracked. */
    private final BitSet usedPorts = new BitSet();
    private final Map<String, Integer> instancesPerApp = new HashMap<>();
    /** The offset of the port last given out, -1 when none: the search for a free port starts after it. */
    private int lastOffset;

    NodeLoad(NodeSnapshot node) {
        this.node = node;
        this.cpuCapacityMilli = Cores.milli(node.cpu());
        int last = node.lastPort();
        this.lastOffset = last >= node.portFrom() && last <= node.portTo() ? last - node.portFrom() : -1;
        for (BoundInstance bound : node.instances()) {
            add(bound.app(), Cores.milli(bound.cpu()), bound.memoryMb(), bound.port());
        }
        // An instance placed on a port another process holds could not start.
        for (int port : node.takenPorts()) {
            if (port >= node.portFrom() && port <= node.portTo()) {
                usedPorts.set(port - node.portFrom());
            }
        }
    }

    NodeSnapshot node() {
        return node;
    }

    String name() {
        return node.name();
    }

    long cpuCapacityMilli() {
        return cpuCapacityMilli;
    }

    long cpuUsedMilli() {
        return cpuUsedMilli;
    }

    /** @return the free millicores. Negative when the snapshot is already overcommitted. */
    long cpuFreeMilli() {
        return cpuCapacityMilli - cpuUsedMilli;
    }

    long memoryCapacityMb() {
        return node.memoryMb();
    }

    long memoryUsedMb() {
        return memoryUsedMb;
    }

    /** @return the free memory in MB. Negative when the snapshot is already overcommitted. */
    long memoryFreeMb() {
        return node.memoryMb() - memoryUsedMb;
    }

    /**
     * @return the first port after the one last given out (wrapping around to the lowest) that no instance
     *         on the node uses and no other process holds, or -1 when none is left. Without a last port it
     *         is the lowest free one.
     */
    int nextFreePort() {
        int size = node.portTo() - node.portFrom() + 1;
        int offset = usedPorts.nextClearBit(lastOffset + 1);
        if (offset >= size) {
            offset = usedPorts.nextClearBit(0);
        }
        return offset < size ? node.portFrom() + offset : -1;
    }

    /** @return how many instances of the app are on the node */
    int instancesOf(String app) {
        return instancesPerApp.getOrDefault(app, 0);
    }

    /** Reserves the instance's share of the node and the port. */
    void reserve(PendingInstance instance, int port) {
        add(instance.app(), Cores.milli(instance.cpu()), instance.memoryMb(), port);
        if (port >= node.portFrom() && port <= node.portTo()) {
            lastOffset = port - node.portFrom();
        }
    }

    private void add(String app, long cpuMilli, long memoryMb, int port) {
        cpuUsedMilli += cpuMilli;
        memoryUsedMb += memoryMb;
        if (port >= node.portFrom() && port <= node.portTo()) {
            usedPorts.set(port - node.portFrom());
        }
        instancesPerApp.merge(app, 1, Integer::sum);
    }
}
