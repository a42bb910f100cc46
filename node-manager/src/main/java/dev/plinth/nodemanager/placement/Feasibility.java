package dev.plinth.nodemanager.placement;

import dev.plinth.nodemanager.registry.NodeState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The feasibility step: can a node take an instance at all? It can when all of these hold, checked in this order:
 * <ol>
 *   <li>the node is {@link NodeState#READY}. Not ready (it cannot isolate instances), draining, cordoned, lost and
 *   unknown nodes take no new instances.</li>
 *   <li>it is not in the instance's {@code avoidNodes};</li>
 *   <li>its runtime is one the instance's version runs on ({@code runtimes} of the spec: {@code process} for a
 *   {@code run.command}, {@code docker} for a {@code run.image} or a package Dockerfile);</li>
 *   <li>it has every label the instance requires, with the same value;</li>
 *   <li>its free cpu and its free memory each cover what the instance needs;</li>
 *   <li>it has a free port in its range: one no instance is bound to and no other process on the node
 *   holds (its agent reports those).</li>
 * </ol>
 * When no node passes, {@link #explain} runs the checks as a chain of filters over the whole cluster.
 * The reason comes from the filter that removed the last remaining nodes, with the figures that
 * made them miss. Not-ready nodes are named with what they lack, since an admin can fix that.
 */
final class Feasibility {

    /** Reasons list at most this many node names, then say how many more. */
    private static final int NAMES_SHOWN = 5;

    private Feasibility() {
    }

    /** @return true when the node can take the instance now */
    static boolean fits(PendingInstance instance, NodeLoad node) {
        return isReady(node) && !isAvoided(instance, node) && runsOn(instance, node) && hasLabels(instance, node)
                && hasCpu(instance, node) && hasMemory(instance, node) && hasFreePort(node);
    }

    static boolean isReady(NodeLoad node) {
        return node.node().state() == NodeState.READY;
    }

    static boolean isAvoided(PendingInstance instance, NodeLoad node) {
        return instance.avoidNodes().contains(node.name());
    }

    static boolean runsOn(PendingInstance instance, NodeLoad node) {
        return instance.runtimes().contains(node.node().runtime());
    }

    static boolean hasLabels(PendingInstance instance, NodeLoad node) {
        Map<String, String> labels = node.node().labels();
        for (Map.Entry<String, String> required : instance.requiredLabels().entrySet()) {
            if (!required.getValue().equals(labels.get(required.getKey()))) {
                return false;
            }
        }
        return true;
    }

    static boolean hasCpu(PendingInstance instance, NodeLoad node) {
        return node.cpuFreeMilli() >= Cores.milli(instance.cpu());
    }

    static boolean hasMemory(PendingInstance instance, NodeLoad node) {
        return node.memoryFreeMb() >= instance.memoryMb();
    }

    static boolean hasFreePort(NodeLoad node) {
        return node.nextFreePort() >= 0;
    }

    /**
     * Says why no node can take the instance.
     *
     * @param instance the instance
     * @param nodes    every node of the working snapshot. None of them may fit the instance.
     * @return the reason, naming the check that ruled out the last nodes
     */
    static String explain(PendingInstance instance, List<NodeLoad> nodes) {
        if (nodes.isEmpty()) {
            return "no node is ready: the cluster has no nodes";
        }
        List<NodeLoad> ready = filter(nodes, Feasibility::isReady);
        if (ready.isEmpty()) {
            Map<NodeState, Integer> byState = new EnumMap<>(NodeState.class);
            nodes.forEach(node -> byState.merge(node.node().state(), 1, Integer::sum));
            return "no node is ready: " + byState.entrySet().stream()
                    .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase().replace('_', ' '))
                    .collect(Collectors.joining(", ")) + notReady(nodes);
        }
        return explainAmongReady(instance, ready) + notReady(nodes);
    }

    /** @return "; node-2 is not ready: it cannot isolate instances: …" for each not-ready node, or "" */
    private static String notReady(List<NodeLoad> nodes) {
        List<NodeSnapshot> notReady = nodes.stream().map(NodeLoad::node).filter(n -> n.state() == NodeState.NOT_READY)
                .sorted(Comparator.comparing(NodeSnapshot::name)).toList();
        StringBuilder text = new StringBuilder();
        for (NodeSnapshot node : notReady.subList(0, Math.min(NAMES_SHOWN, notReady.size()))) {
            text.append("; ").append(node.name()).append(" is not ready: ")
                    .append(node.notReadyReason() == null ? "its agent gave no reason" : node.notReadyReason());
        }
        if (notReady.size() > NAMES_SHOWN) {
            text.append("; and ").append(notReady.size() - NAMES_SHOWN).append(" more not ready");
        }
        return text.toString();
    }

    private static String explainAmongReady(PendingInstance instance, List<NodeLoad> ready) {
        List<NodeLoad> allowed = filter(ready, node -> !isAvoided(instance, node));
        if (allowed.isEmpty()) {
            return "every ready node is in avoidNodes: " + names(ready);
        }
        String scope = allowed.size() < ready.size() ? "ready node outside avoidNodes" : "ready node";
        List<NodeLoad> runnable = filter(allowed, node -> runsOn(instance, node));
        if (runnable.isEmpty()) {
            return explainRuntimes(instance, allowed, scope);
        }
        if (runnable.size() < allowed.size()) {
            scope += " running " + String.join(" or ", instance.runtimes());
        }
        List<NodeLoad> labelled = filter(runnable, node -> hasLabels(instance, node));
        if (labelled.isEmpty()) {
            return "no " + scope + " has labels " + describe(instance.requiredLabels());
        }
        if (!instance.requiredLabels().isEmpty()) {
            scope += " with labels " + describe(instance.requiredLabels());
        }
        List<NodeLoad> roomy = filter(labelled, node -> hasCpu(instance, node) && hasMemory(instance, node));
        if (roomy.isEmpty()) {
            return explainResources(instance, labelled, scope);
        }
        for (NodeLoad node : roomy) {
            if (hasFreePort(node)) {
                throw new IllegalStateException("instance " + instance.instanceId() + " fits on " + node.name());
            }
        }
        if (roomy.size() == 1) {
            NodeSnapshot node = roomy.get(0).node();
            return "no free port on " + node.name() + ": its port range " + node.portFrom() + "-" + node.portTo()
                    + " is full" + heldByOthers(roomy);
        }
        return "no free port on " + names(roomy) + ": their port ranges are full" + heldByOthers(roomy);
    }

    /** Explains why none of the nodes runs a runtime the version runs on, naming what they run. */
    private static String explainRuntimes(PendingInstance instance, List<NodeLoad> nodes, String scope) {
        Map<String, List<NodeLoad>> byRuntime = new TreeMap<>();
        nodes.forEach(node -> byRuntime.computeIfAbsent(node.node().runtime(), r -> new ArrayList<>()).add(node));
        String offered = byRuntime.entrySet().stream().map(e -> e.getKey() + ": " + names(e.getValue()))
                .collect(Collectors.joining("; "));
        String nodesRun = "(" + (nodes.size() == 1 ? "the " + scope + " runs "
                : "the " + scope.replaceFirst("^ready node", "ready nodes") + " run ") + offered + ")";
        List<String> runtimes = instance.runtimes();
        if (runtimes.isEmpty()) {
            return "this version runs on no runtime: its package has no run.command, run.image or Dockerfile; "
                    + "deploy a version that has one " + nodesRun;
        }
        return "no " + scope + " runs " + String.join(" or ", runtimes) + ", "
                + (runtimes.size() == 1 ? "the only runtime this version runs on " : "the runtimes this version runs on ")
                + nodesRun;
    }

    /** @return " (held by other processes: port 21000 of node-1; …: stop them, …)" when any are, or "" */
    private static String heldByOthers(List<NodeLoad> nodes) {
        List<String> held = new ArrayList<>();
        for (NodeLoad node : nodes.stream().sorted(Comparator.comparing(NodeLoad::name)).toList()) {
            List<Integer> ports = node.node().takenPorts().stream()
                    .filter(p -> p >= node.node().portFrom() && p <= node.node().portTo()).toList();
            if (!ports.isEmpty()) {
                held.add((ports.size() == 1 ? "port " : "ports ") + ports.stream().map(String::valueOf)
                        .collect(Collectors.joining(", ")) + " of " + node.name());
            }
        }
        return held.isEmpty() ? "" : " (held by other processes: " + String.join("; ", held)
                + "; stop them, or give the node a port range they do not use)";
    }

    /** Explains a shortage of cpu, memory or both, among nodes that pass every check before it. */
    private static String explainResources(PendingInstance instance, List<NodeLoad> nodes, String scope) {
        String cpu = Cores.format(Cores.milli(instance.cpu())) + " cpu";
        String memory = instance.memoryMb() + " MB memory";
        NodeLoad mostCpu = most(nodes, Comparator.comparingLong(NodeLoad::cpuFreeMilli));
        NodeLoad mostMemory = most(nodes, Comparator.comparingLong(NodeLoad::memoryFreeMb));
        boolean cpuShort = !hasCpu(instance, mostCpu);
        boolean memoryShort = !hasMemory(instance, mostMemory);
        if (cpuShort && memoryShort) {
            return "needs " + cpu + " and " + memory + ", most free on any " + scope + " is "
                    + freeCpu(mostCpu) + " cpu (" + mostCpu.name() + ") and "
                    + freeMemory(mostMemory) + " MB (" + mostMemory.name() + ")";
        }
        if (cpuShort) {
            return "needs " + cpu + ", most free on any " + scope + " is " + freeCpu(mostCpu) + " (" + mostCpu.name() + ")";
        }
        if (memoryShort) {
            return "needs " + memory + ", most free on any " + scope + " is "
                    + freeMemory(mostMemory) + " MB (" + mostMemory.name() + ")";
        }
        // Some node has enough cpu and some node has enough memory, but no single node has both.
        return "needs " + cpu + " and " + memory + ", but no " + scope + " has both free: "
                + mostCpu.name() + " has " + freeCpu(mostCpu) + " cpu and " + freeMemory(mostCpu) + " MB, "
                + mostMemory.name() + " has " + freeCpu(mostMemory) + " cpu and " + freeMemory(mostMemory) + " MB";
    }

    /** @return the node that ranks highest by the comparator; on a tie, the first by name */
    private static NodeLoad most(List<NodeLoad> nodes, Comparator<NodeLoad> by) {
        NodeLoad best = null;
        for (NodeLoad node : nodes) {
            if (best == null || by.compare(node, best) > 0
                    || (by.compare(node, best) == 0 && node.name().compareTo(best.name()) < 0)) {
                best = node;
            }
        }
        return best;
    }

    private static String freeCpu(NodeLoad node) {
        return Cores.format(Math.max(0, node.cpuFreeMilli()));
    }

    private static long freeMemory(NodeLoad node) {
        return Math.max(0, node.memoryFreeMb());
    }

    private static List<NodeLoad> filter(List<NodeLoad> nodes, Predicate<NodeLoad> keep) {
        List<NodeLoad> kept = new ArrayList<>();
        for (NodeLoad node : nodes) {
            if (keep.test(node)) {
                kept.add(node);
            }
        }
        return kept;
    }

    private static String describe(Map<String, String> labels) {
        return new TreeMap<>(labels).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String names(List<NodeLoad> nodes) {
        List<String> names = nodes.stream().map(NodeLoad::name).sorted().toList();
        String shown = String.join(", ", names.subList(0, Math.min(NAMES_SHOWN, names.size())));
        return names.size() <= NAMES_SHOWN ? shown : shown + " and " + (names.size() - NAMES_SHOWN) + " more";
    }
}
