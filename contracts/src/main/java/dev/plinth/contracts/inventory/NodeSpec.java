package dev.plinth.contracts.inventory;

import io.micronaut.core.annotation.Creator;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * One node of the inventory.
 *
 * @param name     unique node name
 * @param kind     local (agent inside {@code plinth up}) or remote
 * @param address  the host other parts use to reach its instances
 * @param capacity what the node offers to instances
 * @param labels   labels placement matches against an app's constraints
 * @param runtime  the runtime its agent starts instances with, as {@code process} or {@code docker}
 * @param ports    the ports its instances may listen on
 * @param isolation whether its instances must run isolated ({@link Isolation#REQUIRED} unless the
 *                 inventory says {@code isolation: none})
 */
@Serdeable
public record NodeSpec(String name, NodeKind kind, String address, Capacity capacity,
                       Map<String, String> labels, String runtime, PortRange ports, Isolation isolation) {

    @Creator
    public NodeSpec {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        isolation = isolation == null ? Isolation.REQUIRED : isolation;
    }

    /** A node that requires isolation, as every node does unless its inventory entry says otherwise. */
    public NodeSpec(String name, NodeKind kind, String address, Capacity capacity,
                    Map<String, String> labels, String runtime, PortRange ports) {
        this(name, kind, address, capacity, labels, runtime, ports, Isolation.REQUIRED);
    }

    /**
     * What a node offers to instances.
     *
     * @param cpu      cores
     * @param memoryMb memory in MiB
     */
    @Serdeable
    public record Capacity(double cpu, int memoryMb) {
    }

    /**
     * An inclusive range of ports.
     *
     * @param from first port
     * @param to   last port
     */
    @Serdeable
    public record PortRange(int from, int to) {

        /** @return how many ports the range holds */
        public int size() {
            return to - from + 1;
        }

        /** @return true when the ranges share a port */
        public boolean overlaps(PortRange other) {
            return from <= other.to && other.from <= to;
        }
    }
}
