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
 * @param docker   how its agent uses the Docker engine, for a node of runtime {@code docker}; the
 *                 defaults otherwise
 */
@Serdeable
public record NodeSpec(String name, NodeKind kind, String address, Capacity capacity,
                       Map<String, String> labels, String runtime, PortRange ports, Isolation isolation,
                       Docker docker) {

    @Creator
    public NodeSpec {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        isolation = isolation == null ? Isolation.REQUIRED : isolation;
        docker = docker == null ? Docker.DEFAULTS : docker;
    }

    /** A node with the default Docker settings. */
    public NodeSpec(String name, NodeKind kind, String address, Capacity capacity,
                    Map<String, String> labels, String runtime, PortRange ports, Isolation isolation) {
        this(name, kind, address, capacity, labels, runtime, ports, isolation, Docker.DEFAULTS);
    }

    /** A node that requires isolation, as every node does unless its inventory entry says otherwise. */
    public NodeSpec(String name, NodeKind kind, String address, Capacity capacity,
                    Map<String, String> labels, String runtime, PortRange ports) {
        this(name, kind, address, capacity, labels, runtime, ports, Isolation.REQUIRED);
    }

    /**
     * How a {@code docker} node's agent uses its Docker engine ({@code docker:} under the node).
     *
     * @param host    the engine's API: {@code unix:///var/run/docker.sock} (the default) or {@code tcp://HOST:PORT}
     * @param network how containers are networked: {@code isolated} (the default: a network namespace of
     *                the platform's own, as isolated processes get) or {@code host} (the node's own
     *                network, only on a node with {@code isolation: none})
     * @param pull    when an image named by {@code run.image} is pulled: {@code always},
     *                {@code if-missing} (the default) or {@code never}
     */
    @Serdeable
    public record Docker(String host, String network, String pull) {

        /** The engine on the node's default socket, isolated networks, pulls of missing images. */
        public static final Docker DEFAULTS = new Docker(null, null, null);

        @Creator
        public Docker {
            host = host == null || host.isBlank() ? "unix:///var/run/docker.sock" : host;
            network = network == null || network.isBlank() ? "isolated" : network;
            pull = pull == null || pull.isBlank() ? "if-missing" : pull;
        }
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
