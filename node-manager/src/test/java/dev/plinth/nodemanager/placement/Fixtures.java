package dev.plinth.nodemanager.placement;

import dev.plinth.nodemanager.registry.NodeState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Short builders for the placement tables. Every value not set takes a plain default. */
final class Fixtures {

    private Fixtures() {
    }

    /** A ready process node with 4 cpu, 4096 MB and ports 21000-21009. */
    static NodeBuilder node(String name) {
        return new NodeBuilder(name);
    }

    /** An instance of app {@code a} in deployment {@code d-1} that needs 0.5 cpu and 256 MB and runs on process. */
    static InstanceBuilder instance(String id) {
        return new InstanceBuilder(id);
    }

    static ClusterSnapshot cluster(NodeBuilder... nodes) {
        return new ClusterSnapshot(Arrays.stream(nodes).map(NodeBuilder::build).toList());
    }

    static List<PendingInstance> pending(InstanceBuilder... instances) {
        return Arrays.stream(instances).map(InstanceBuilder::build).toList();
    }

    /** The plan as lines: {@code id -> node:port} for each binding, then {@code id: reason} for each unplaced one. */
    static List<String> lines(PlacementPlan plan) {
        List<String> lines = new ArrayList<>();
        plan.bindings().forEach(b -> lines.add(b.instanceId() + " -> " + b.node() + ":" + b.port()));
        plan.unplaced().forEach(u -> lines.add(u.instanceId() + ": " + u.reason()));
        return lines;
    }

    static final class NodeBuilder {
        private final String name;
        private NodeState state = NodeState.READY;
        private double cpu = 4;
        private int memoryMb = 4096;
        private final Map<String, String> labels = new HashMap<>();
        private int portFrom = 21000;
        private int portTo = 21009;
        private final List<BoundInstance> instances = new ArrayList<>();
        private String notReadyReason;
        private final Set<Integer> takenPorts = new HashSet<>();
        private String runtime = "process";
        private int lastPort;

        private NodeBuilder(String name) {
            this.name = name;
        }

        NodeBuilder state(NodeState state) {
            this.state = state;
            return this;
        }

        /** Not ready: its agent cannot isolate instances, for this reason. */
        NodeBuilder cannotIsolate(String reason) {
            this.state = NodeState.NOT_READY;
            this.notReadyReason = reason;
            return this;
        }

        NodeBuilder cpu(double cpu) {
            this.cpu = cpu;
            return this;
        }

        NodeBuilder memory(int memoryMb) {
            this.memoryMb = memoryMb;
            return this;
        }

        /** Its agent runs instances in this runtime. */
        NodeBuilder runtime(String runtime) {
            this.runtime = runtime;
            return this;
        }

        NodeBuilder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        NodeBuilder ports(int from, int to) {
            this.portFrom = from;
            this.portTo = to;
            return this;
        }

        /** The port last given to an instance on it. */
        NodeBuilder lastPort(int port) {
            this.lastPort = port;
            return this;
        }

        /** Ports its agent reports held by other processes. */
        NodeBuilder taken(Integer... ports) {
            takenPorts.addAll(Arrays.asList(ports));
            return this;
        }

        NodeBuilder bound(String instanceId, String app, double cpu, int memoryMb, int port) {
            instances.add(new BoundInstance(instanceId, app, cpu, memoryMb, port));
            return this;
        }

        NodeSnapshot build() {
            return new NodeSnapshot(name, state, name + ".test", cpu, memoryMb, labels, portFrom, portTo, instances,
                    notReadyReason, takenPorts, runtime, lastPort);
        }
    }

    static final class InstanceBuilder {
        private final String id;
        private String app = "a";
        private String deployment = "d-1";
        private double cpu = 0.5;
        private int memoryMb = 256;
        private final Map<String, String> labels = new HashMap<>();
        private final Set<String> avoid = new HashSet<>();
        private List<String> runtimes = List.of("process");

        private InstanceBuilder(String id) {
            this.id = id;
        }

        InstanceBuilder app(String app) {
            this.app = app;
            return this;
        }

        InstanceBuilder deployment(String deployment) {
            this.deployment = deployment;
            return this;
        }

        InstanceBuilder cpu(double cpu) {
            this.cpu = cpu;
            return this;
        }

        InstanceBuilder memory(int memoryMb) {
            this.memoryMb = memoryMb;
            return this;
        }

        InstanceBuilder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        /** Its version runs on these runtimes. */
        InstanceBuilder runsOn(String... runtimes) {
            this.runtimes = List.of(runtimes);
            return this;
        }

        InstanceBuilder avoid(String... nodes) {
            avoid.addAll(List.of(nodes));
            return this;
        }

        PendingInstance build() {
            return new PendingInstance(id, app, deployment, cpu, memoryMb, labels, avoid, runtimes);
        }
    }
}
