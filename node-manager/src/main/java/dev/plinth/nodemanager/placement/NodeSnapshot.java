package dev.plinth.nodemanager.placement;

import dev.plinth.contracts.descriptor.PackageRuntimes;
import dev.plinth.contracts.inventory.NodeSpec;
import dev.plinth.nodemanager.registry.NodeState;
import io.micronaut.core.annotation.Nullable;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One node as placement sees it at one moment: its state, what it offers and what is already bound to it.
 *
 * @param name      unique node name
 * @param state     only {@link NodeState#READY} nodes take new instances
 * @param address   the host where its instances can be reached
 * @param cpu       cores it offers to instances
 * @param memoryMb  memory it offers to instances, in MB
 * @param labels    labels that pending instances' required labels are matched against
 * @param portFrom  the first port its instances may listen on
 * @param portTo    the last port its instances may listen on (inclusive)
 * @param instances the instances already bound to it
 * @param notReadyReason why a {@link NodeState#NOT_READY} node cannot take instances, with the fix; null otherwise
 * @param takenPorts ports of its range that other processes on the node hold, as its agent last reported
 * @param runtime   the runtime its agent runs instances in, as the inventory names it ({@code process} when null)
 * @param lastPort  the port last given to an instance on it, 0 when none is known: the next instance gets the
 *                  first free port after it (wrapping around), so a port just freed is not handed out again at
 *                  once (a stale route to the ended instance must not reach another app's new one)
 */
public record NodeSnapshot(String name, NodeState state, String address, double cpu, int memoryMb,
                           Map<String, String> labels, int portFrom, int portTo, List<BoundInstance> instances,
                           @Nullable String notReadyReason, Set<Integer> takenPorts, String runtime, int lastPort) {

    public NodeSnapshot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(address, "address");
        if (!(cpu >= 0) || memoryMb < 0) {
            throw new IllegalArgumentException("node " + name + ": cpu and memoryMb must not be negative");
        }
        if (portFrom < 1 || portTo > 65535 || portFrom > portTo) {
            throw new IllegalArgumentException("node " + name + ": port range " + portFrom + "-" + portTo
                    + " must lie within 1-65535 and not be empty");
        }
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        instances = instances == null ? List.of() : List.copyOf(instances);
        takenPorts = takenPorts == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(takenPorts));
        runtime = runtime == null ? PackageRuntimes.PROCESS : runtime;
    }

    /** A node with no port given out yet. */
    public NodeSnapshot(String name, NodeState state, String address, double cpu, int memoryMb,
                        Map<String, String> labels, int portFrom, int portTo, List<BoundInstance> instances,
                        @Nullable String notReadyReason, Set<Integer> takenPorts, String runtime) {
        this(name, state, address, cpu, memoryMb, labels, portFrom, portTo, instances, notReadyReason, takenPorts,
                runtime, 0);
    }

    /** A process node. */
    public NodeSnapshot(String name, NodeState state, String address, double cpu, int memoryMb,
                        Map<String, String> labels, int portFrom, int portTo, List<BoundInstance> instances,
                        @Nullable String notReadyReason, Set<Integer> takenPorts) {
        this(name, state, address, cpu, memoryMb, labels, portFrom, portTo, instances, notReadyReason, takenPorts,
                PackageRuntimes.PROCESS);
    }

    /** A process node whose port range no other process holds. */
    public NodeSnapshot(String name, NodeState state, String address, double cpu, int memoryMb,
                        Map<String, String> labels, int portFrom, int portTo, List<BoundInstance> instances,
                        @Nullable String notReadyReason) {
        this(name, state, address, cpu, memoryMb, labels, portFrom, portTo, instances, notReadyReason, Set.of());
    }

    /** A process node with no reason to be not ready. */
    public NodeSnapshot(String name, NodeState state, String address, double cpu, int memoryMb,
                        Map<String, String> labels, int portFrom, int portTo, List<BoundInstance> instances) {
        this(name, state, address, cpu, memoryMb, labels, portFrom, portTo, instances, null);
    }

    /**
     * Builds a snapshot from an inventory entry.
     *
     * @param spec      the node's inventory entry
     * @param state     the node's state in the registry
     * @param instances what is bound to it now
     * @param isolationProblems why its agent cannot isolate instances, when it is not ready
     * @return the node as placement sees it
     */
    public static NodeSnapshot of(NodeSpec spec, NodeState state, List<BoundInstance> instances,
                                  List<String> isolationProblems) {
        return of(spec, state, instances, isolationProblems, List.of());
    }

    /**
     * Builds a snapshot from an inventory entry and what its agent reported.
     *
     * @param spec              the node's inventory entry
     * @param state             the node's state in the registry
     * @param instances         what is bound to it now
     * @param isolationProblems why its agent cannot isolate instances, when it is not ready
     * @param takenPorts        ports of its range that other processes hold
     * @return the node as placement sees it
     */
    public static NodeSnapshot of(NodeSpec spec, NodeState state, List<BoundInstance> instances,
                                  List<String> isolationProblems, List<Integer> takenPorts) {
        return of(spec, state, instances, isolationProblems, takenPorts, 0);
    }

    /**
     * Builds a snapshot from an inventory entry, what its agent reported and the port last given out on it.
     *
     * @param lastPort the port last given to an instance on the node, 0 when none is known
     * @return the node as placement sees it
     */
    public static NodeSnapshot of(NodeSpec spec, NodeState state, List<BoundInstance> instances,
                                  List<String> isolationProblems, List<Integer> takenPorts, int lastPort) {
        String reason = state == NodeState.NOT_READY
                ? "it cannot isolate instances: " + (isolationProblems.isEmpty() ? "its agent gave no reason"
                : String.join("; ", isolationProblems))
                : null;
        return new NodeSnapshot(spec.name(), state, spec.address(), spec.capacity().cpu(), spec.capacity().memoryMb(),
                spec.labels(), spec.ports().from(), spec.ports().to(), instances, reason, Set.copyOf(takenPorts),
                spec.runtime(), lastPort);
    }
}
