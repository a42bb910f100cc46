package dev.plinth.nodemanager.placement;

import dev.plinth.nodemanager.registry.NodeState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static dev.plinth.nodemanager.placement.Fixtures.cluster;
import static dev.plinth.nodemanager.placement.Fixtures.instance;
import static dev.plinth.nodemanager.placement.Fixtures.lines;
import static dev.plinth.nodemanager.placement.Fixtures.node;
import static dev.plinth.nodemanager.placement.Fixtures.pending;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlacementPlannerTest {

    private final PlacementPlanner planner = new PlacementPlanner();

    @ParameterizedTest(name = "{0}")
    @MethodSource({"readiness", "capacity", "labels", "runtimes", "ranking", "ports", "avoidNodes", "manyInstances", "bookkeeping"})
    void plans(String name, ClusterSnapshot snapshot, List<PendingInstance> pending, List<String> expected) {
        assertEquals(expected, lines(planner.plan(pending, snapshot)));
    }

    static Stream<Arguments> readiness() {
        return Stream.of(
                Arguments.of("empty cluster",
                        cluster(), pending(instance("a-1")),
                        List.of("a-1: no node is ready: the cluster has no nodes")),
                Arguments.of("only nodes that take nothing new",
                        cluster(node("node-1").state(NodeState.CORDONED), node("node-2").state(NodeState.DRAINING),
                                node("node-3").state(NodeState.LOST), node("node-4").state(NodeState.UNKNOWN),
                                node("node-5").state(NodeState.CORDONED)),
                        pending(instance("a-1")),
                        List.of("a-1: no node is ready: 1 draining, 2 cordoned, 1 lost, 1 unknown")),
                Arguments.of("the only node cannot isolate instances: its reason and fix are given",
                        cluster(node("node-1").cannotIsolate("it cannot isolate instances: bubblewrap is not installed at "
                                + "/usr/bin/bwrap: install it (Debian and Ubuntu: apt-get install bubblewrap)")),
                        pending(instance("a-1")),
                        List.of("a-1: no node is ready: 1 not ready; node-1 is not ready: it cannot isolate instances: "
                                + "bubblewrap is not installed at /usr/bin/bwrap: install it (Debian and Ubuntu: apt-get install bubblewrap)")),
                Arguments.of("not-ready nodes are named one by one among the other states",
                        cluster(node("node-2").cannotIsolate("it cannot isolate instances: the agent runs as plinth, not root"),
                                node("node-1").cannotIsolate("it cannot isolate instances: no cgroup v1 pids controller"),
                                node("node-3").state(NodeState.LOST)),
                        pending(instance("a-1")),
                        List.of("a-1: no node is ready: 2 not ready, 1 lost; node-1 is not ready: it cannot isolate instances: "
                                + "no cgroup v1 pids controller; node-2 is not ready: it cannot isolate instances: "
                                + "the agent runs as plinth, not root")),
                Arguments.of("a not-ready node gets nothing although it is the emptiest",
                        cluster(node("node-1").cpu(16).cannotIsolate("it cannot isolate instances: no namespaces"),
                                node("node-2").bound("x-1", "x", 3, 0, 21000)),
                        pending(instance("a-1")),
                        List.of("a-1 -> node-2:21001")),
                Arguments.of("a shortage on the ready nodes also names the not-ready one that could have helped",
                        cluster(node("node-1").cpu(16).cannotIsolate("it cannot isolate instances: no namespaces"),
                                node("node-2").cpu(1)),
                        pending(instance("a-1").cpu(2)),
                        List.of("a-1: needs 2.0 cpu, most free on any ready node is 1.0 (node-2); "
                                + "node-1 is not ready: it cannot isolate instances: no namespaces")),
                Arguments.of("more than five not-ready nodes are counted after the fifth",
                        cluster(node("n-1").cannotIsolate("r1"), node("n-2").cannotIsolate("r2"), node("n-3").cannotIsolate("r3"),
                                node("n-4").cannotIsolate("r4"), node("n-5").cannotIsolate("r5"), node("n-6").cannotIsolate("r6"),
                                node("n-7").cannotIsolate("r7")),
                        pending(instance("a-1")),
                        List.of("a-1: no node is ready: 7 not ready; n-1 is not ready: r1; n-2 is not ready: r2; "
                                + "n-3 is not ready: r3; n-4 is not ready: r4; n-5 is not ready: r5; and 2 more not ready")),
                Arguments.of("the one ready node among draining and cordoned ones",
                        cluster(node("node-1").state(NodeState.DRAINING), node("node-2").state(NodeState.CORDONED),
                                node("node-3")),
                        pending(instance("a-1"), instance("a-2")),
                        List.of("a-1 -> node-3:21000", "a-2 -> node-3:21001")));
    }

    static Stream<Arguments> capacity() {
        return Stream.of(
                Arguments.of("cpu exhausted on every ready node",
                        cluster(node("node-1").cpu(2).bound("x-1", "x", 1.0, 0, 21000),
                                node("node-2").cpu(2).bound("x-2", "x", 0.5, 0, 21000),
                                node("node-3").cpu(16).state(NodeState.CORDONED)),
                        pending(instance("a-1").cpu(2)),
                        List.of("a-1: needs 2.0 cpu, most free on any ready node is 1.5 (node-2)")),
                Arguments.of("memory exhausted on every ready node",
                        cluster(node("node-1").memory(1024).bound("x-1", "x", 0, 768, 21000),
                                node("node-2").memory(512).bound("x-2", "x", 0, 384, 21000)),
                        pending(instance("a-1").memory(512)),
                        List.of("a-1: needs 512 MB memory, most free on any ready node is 256 MB (node-1)")),
                Arguments.of("cpu and memory both short",
                        cluster(node("node-1").cpu(1).memory(4096), node("node-2").cpu(1.5).memory(1024)),
                        pending(instance("a-1").cpu(2).memory(8192)),
                        List.of("a-1: needs 2.0 cpu and 8192 MB memory, most free on any ready node is "
                                + "1.5 cpu (node-2) and 4096 MB (node-1)")),
                Arguments.of("enough cpu on one node, enough memory on another, both on none",
                        cluster(node("node-1").cpu(4).memory(256), node("node-2").cpu(1).memory(4096)),
                        pending(instance("a-1").cpu(2).memory(512)),
                        List.of("a-1: needs 2.0 cpu and 512 MB memory, but no ready node has both free: "
                                + "node-1 has 4.0 cpu and 256 MB, node-2 has 1.0 cpu and 4096 MB")),
                Arguments.of("an overcommitted node shows no free cpu",
                        cluster(node("node-1").cpu(4).bound("x-1", "x", 5, 0, 21000)),
                        pending(instance("a-1").cpu(0.25)),
                        List.of("a-1: needs 0.25 cpu, most free on any ready node is 0.0 (node-1)")),
                Arguments.of("an instance that fills a node exactly fits",
                        cluster(node("node-1").cpu(1).memory(512).bound("x-1", "x", 0.5, 256, 21000)),
                        pending(instance("a-1").cpu(0.5).memory(256)),
                        List.of("a-1 -> node-1:21001")));
    }

    static Stream<Arguments> labels() {
        return Stream.of(
                Arguments.of("no node has the label value",
                        cluster(node("node-1").label("zone", "north"), node("node-2").label("zone", "south"),
                                node("node-3")),
                        pending(instance("a-1").label("zone", "east")),
                        List.of("a-1: no ready node has labels zone=east")),
                Arguments.of("every required label must match on one node",
                        cluster(node("node-1").label("zone", "east"), node("node-2").label("gpu", "true")),
                        pending(instance("a-1").label("zone", "east").label("gpu", "true")),
                        List.of("a-1: no ready node has labels gpu=true, zone=east")),
                Arguments.of("a cordoned node with the labels does not count",
                        cluster(node("node-1").label("zone", "east").state(NodeState.CORDONED),
                                node("node-2").label("zone", "north")),
                        pending(instance("a-1").label("zone", "east")),
                        List.of("a-1: no ready node has labels zone=east")),
                Arguments.of("the labelled node is chosen although it is fuller",
                        cluster(node("node-1").label("zone", "north"),
                                node("node-2").label("zone", "east").label("rack", "r1")
                                        .bound("x-1", "x", 3, 0, 21000)),
                        pending(instance("a-1").label("zone", "east")),
                        List.of("a-1 -> node-2:21001")),
                Arguments.of("the labelled node is too small",
                        cluster(node("node-1").label("zone", "north").cpu(8), node("node-2").label("zone", "east").cpu(1)),
                        pending(instance("a-1").label("zone", "east").cpu(2)),
                        List.of("a-1: needs 2.0 cpu, most free on any ready node with labels zone=east is 1.0 (node-2)")));
    }

    static Stream<Arguments> runtimes() {
        return Stream.of(
                Arguments.of("a docker version goes to the docker node although a process node is emptier",
                        cluster(node("node-1"), node("node-2").runtime("docker").bound("x-1", "x", 3, 0, 21000)),
                        pending(instance("a-1").runsOn("docker")),
                        List.of("a-1 -> node-2:21001")),
                Arguments.of("a process version never goes to a docker node, however empty",
                        cluster(node("node-1").runtime("docker").cpu(16), node("node-2").bound("x-1", "x", 3, 0, 21000)),
                        pending(instance("a-1")),
                        List.of("a-1 -> node-2:21001")),
                Arguments.of("a version that runs on both goes to the emptier node, whatever it runs",
                        cluster(node("node-1").bound("x-1", "x", 3, 0, 21000), node("node-2").runtime("docker")),
                        pending(instance("a-1").runsOn("process", "docker")),
                        List.of("a-1 -> node-2:21000")),
                Arguments.of("a mixed fleet places each app where it can run",
                        cluster(node("proc-1"), node("dock-1").runtime("docker")),
                        pending(instance("a-1"), instance("b-1").app("b").runsOn("docker"),
                                instance("c-1").app("c").runsOn("process", "docker")),
                        List.of("a-1 -> proc-1:21000", "b-1 -> dock-1:21000", "c-1 -> dock-1:21001")),
                Arguments.of("no ready node runs docker: the reason names what the ready nodes run",
                        cluster(node("node-1"), node("node-2"), node("node-3").runtime("docker").state(NodeState.CORDONED)),
                        pending(instance("a-1").runsOn("docker")),
                        List.of("a-1: no ready node runs docker, the only runtime this version runs on "
                                + "(the ready nodes run process: node-1, node-2)")),
                Arguments.of("a process version on a fleet of docker nodes",
                        cluster(node("node-1").runtime("docker")),
                        pending(instance("a-1")),
                        List.of("a-1: no ready node runs process, the only runtime this version runs on "
                                + "(the ready node runs docker: node-1)")),
                Arguments.of("a node of a runtime placement does not know takes nothing",
                        cluster(node("k-1").runtime("kubernetes")),
                        pending(instance("a-1").runsOn("process", "docker")),
                        List.of("a-1: no ready node runs process or docker, the runtimes this version runs on "
                                + "(the ready node runs kubernetes: k-1)")),
                Arguments.of("a version whose package runs nowhere goes nowhere",
                        cluster(node("node-1"), node("node-2").runtime("docker")),
                        pending(instance("a-1").runsOn()),
                        List.of("a-1: this version runs on no runtime: its package has no run.command, run.image or "
                                + "Dockerfile; deploy a version that has one (the ready nodes run docker: node-2; process: node-1)")),
                Arguments.of("avoidNodes is applied before runtimes",
                        cluster(node("node-1").runtime("docker"), node("node-2")),
                        pending(instance("a-1").runsOn("docker").avoid("node-1")),
                        List.of("a-1: no ready node outside avoidNodes runs docker, the only runtime this version runs on "
                                + "(the ready node outside avoidNodes runs process: node-2)")),
                Arguments.of("labels are looked for among the nodes that run the version",
                        cluster(node("node-1").label("zone", "east"), node("node-2").runtime("docker")),
                        pending(instance("a-1").runsOn("docker").label("zone", "east")),
                        List.of("a-1: no ready node running docker has labels zone=east")),
                Arguments.of("a shortage among the nodes that run the version names their runtime",
                        cluster(node("node-1").cpu(8), node("node-2").runtime("docker").cpu(1)),
                        pending(instance("a-1").runsOn("docker").cpu(2)),
                        List.of("a-1: needs 2.0 cpu, most free on any ready node running docker is 1.0 (node-2)")),
                Arguments.of("when every ready node runs the version, the reasons read as before",
                        cluster(node("node-1").runtime("docker").cpu(1)),
                        pending(instance("a-1").runsOn("process", "docker").cpu(2)),
                        List.of("a-1: needs 2.0 cpu, most free on any ready node is 1.0 (node-1)")));
    }

    static Stream<Arguments> ranking() {
        return Stream.of(
                Arguments.of("three instances of one app spread over three nodes",
                        cluster(node("node-1"), node("node-2"), node("node-3")),
                        pending(instance("a-1"), instance("a-2"), instance("a-3")),
                        List.of("a-1 -> node-1:21000", "a-2 -> node-2:21000", "a-3 -> node-3:21000")),
                Arguments.of("three instances over the two nodes they fit on",
                        cluster(node("node-1"), node("node-2"), node("node-3").cpu(0.25)),
                        pending(instance("a-1"), instance("a-2"), instance("a-3")),
                        List.of("a-1 -> node-1:21000", "a-2 -> node-2:21000", "a-3 -> node-1:21001")),
                Arguments.of("the least loaded node is chosen",
                        cluster(node("node-1").bound("x-1", "x", 3, 256, 21000),
                                node("node-2").bound("x-2", "x", 1, 256, 21000),
                                node("node-3").bound("x-3", "x", 2, 256, 21000)),
                        pending(instance("a-1")),
                        List.of("a-1 -> node-2:21001")),
                Arguments.of("the fuller resource decides the load",
                        // node-1 is half busy on cpu; node-2 has idle cpu but three quarters of its memory taken
                        cluster(node("node-1").bound("x-1", "x", 2, 0, 21000),
                                node("node-2").bound("x-2", "x", 0, 3072, 21000)),
                        pending(instance("a-1")),
                        List.of("a-1 -> node-1:21001")),
                Arguments.of("spread wins over a small load difference",
                        cluster(node("node-1").bound("x-1", "x", 1, 256, 21000),
                                node("node-2").bound("a-0", "a", 0.5, 256, 21000)),
                        pending(instance("a-1")),
                        List.of("a-1 -> node-1:21001")),
                Arguments.of("load wins over spread when the other node is more than half fuller",
                        cluster(node("node-1").bound("x-1", "x", 3.5, 256, 21000),
                                node("node-2").bound("a-0", "a", 0.5, 256, 21000)),
                        pending(instance("a-1")),
                        List.of("a-1 -> node-2:21001")),
                Arguments.of("equal scores go to the first node by name",
                        cluster(node("node-b"), node("node-a"), node("node-c")),
                        pending(instance("a-1")),
                        List.of("a-1 -> node-a:21000")));
    }

    static Stream<Arguments> ports() {
        return Stream.of(
                Arguments.of("ports fill the gaps, lowest first",
                        cluster(node("node-1").ports(21000, 21004)
                                .bound("x-1", "x", 0.5, 0, 21000).bound("x-2", "x", 0.5, 0, 21002)),
                        pending(instance("a-1"), instance("a-2"), instance("a-3")),
                        List.of("a-1 -> node-1:21001", "a-2 -> node-1:21003", "a-3 -> node-1:21004")),
                Arguments.of("the next port after the one last given out, so a port just freed waits its turn",
                        cluster(node("node-1").ports(21000, 21004).lastPort(21001).bound("x-2", "x", 0.5, 0, 21003)),
                        pending(instance("a-1"), instance("a-2"), instance("a-3")),
                        List.of("a-1 -> node-1:21002", "a-2 -> node-1:21004", "a-3 -> node-1:21000")),
                Arguments.of("after the last port of the range the search starts again at the lowest",
                        cluster(node("node-1").ports(21000, 21004).lastPort(21004).bound("x-1", "x", 0.5, 0, 21000)),
                        pending(instance("a-1")),
                        List.of("a-1 -> node-1:21001")),
                Arguments.of("a last port outside the range counts as none",
                        cluster(node("node-1").ports(21000, 21004).lastPort(8080)),
                        pending(instance("a-1")),
                        List.of("a-1 -> node-1:21000")),
                Arguments.of("a bound port outside the range blocks nothing",
                        cluster(node("node-1").ports(21000, 21001).bound("x-1", "x", 0.5, 0, 8080)),
                        pending(instance("a-1")),
                        List.of("a-1 -> node-1:21000")),
                Arguments.of("each node numbers its own ports",
                        cluster(node("node-1").ports(30000, 30009), node("node-2").ports(21000, 21009)),
                        pending(instance("a-1"), instance("a-2")),
                        List.of("a-1 -> node-1:30000", "a-2 -> node-2:21000")),
                Arguments.of("a port another process holds is skipped",
                        cluster(node("node-1").ports(21000, 21004).taken(21000, 21002).bound("x-1", "x", 0.5, 0, 21001)),
                        pending(instance("a-1"), instance("a-2")),
                        List.of("a-1 -> node-1:21003", "a-2 -> node-1:21004")),
                Arguments.of("a taken port outside the range blocks nothing",
                        cluster(node("node-1").ports(21000, 21001).taken(8080, 21002)),
                        pending(instance("a-1")),
                        List.of("a-1 -> node-1:21000")),
                Arguments.of("a node whose free ports other processes hold is passed over for the next",
                        cluster(node("node-1").cpu(16).ports(21000, 21001).taken(21000, 21001), node("node-2").ports(22000, 22001)),
                        pending(instance("a-1")),
                        List.of("a-1 -> node-2:22000")),
                Arguments.of("a range full of other processes' ports says which and what to do",
                        cluster(node("node-1").ports(21000, 21001).taken(21000).bound("x-1", "x", 0.5, 0, 21001)),
                        pending(instance("a-1")),
                        List.of("a-1: no free port on node-1: its port range 21000-21001 is full (held by other processes: "
                                + "port 21000 of node-1; stop them, or give the node a port range they do not use)")),
                Arguments.of("taken ports on two full nodes are named per node",
                        cluster(node("node-1").ports(21000, 21001).taken(21000, 21001),
                                node("node-2").ports(22000, 22000).bound("x-2", "x", 0.5, 0, 22000)),
                        pending(instance("a-1")),
                        List.of("a-1: no free port on node-1, node-2: their port ranges are full (held by other processes: "
                                + "ports 21000, 21001 of node-1; stop them, or give the node a port range they do not use)")),
                Arguments.of("port range already full",
                        cluster(node("node-1").ports(21000, 21001)
                                .bound("x-1", "x", 0.5, 0, 21000).bound("x-2", "x", 0.5, 0, 21001)),
                        pending(instance("a-1")),
                        List.of("a-1: no free port on node-1: its port range 21000-21001 is full")),
                Arguments.of("port range filled within the plan",
                        cluster(node("node-1").ports(21000, 21001).bound("x-1", "x", 0.5, 0, 21000)),
                        pending(instance("a-1"), instance("a-2")),
                        List.of("a-1 -> node-1:21001", "a-2: no free port on node-1: its port range 21000-21001 is full")),
                Arguments.of("port ranges full on two nodes",
                        cluster(node("node-1").ports(21000, 21000).bound("x-1", "x", 0.5, 0, 21000),
                                node("node-2").ports(22000, 22000).bound("x-2", "x", 0.5, 0, 22000)),
                        pending(instance("a-1")),
                        List.of("a-1: no free port on node-1, node-2: their port ranges are full")));
    }

    static Stream<Arguments> avoidNodes() {
        return Stream.of(
                Arguments.of("an avoided node is skipped although it is the emptiest",
                        cluster(node("node-1"), node("node-2").bound("x-1", "x", 3, 0, 21000)),
                        pending(instance("a-1").avoid("node-1")),
                        List.of("a-1 -> node-2:21001")),
                Arguments.of("the only ready node is avoided",
                        cluster(node("node-1"), node("node-2").state(NodeState.CORDONED)),
                        pending(instance("a-1").avoid("node-1")),
                        List.of("a-1: every ready node is in avoidNodes: node-1")),
                Arguments.of("avoiding one node leaves only a small one",
                        cluster(node("node-1").cpu(8), node("node-2").cpu(1)),
                        pending(instance("a-1").avoid("node-1").cpu(2)),
                        List.of("a-1: needs 2.0 cpu, most free on any ready node outside avoidNodes is 1.0 (node-2)")),
                Arguments.of("avoidNodes applies to its own instance only",
                        cluster(node("node-1"), node("node-2")),
                        pending(instance("a-1").avoid("node-1"), instance("b-1").app("b")),
                        List.of("a-1 -> node-2:21000", "b-1 -> node-1:21000")));
    }

    static Stream<Arguments> manyInstances() {
        List<String> tenths = IntStream.range(0, 10).mapToObj(i -> "i-0" + i + " -> node-1:" + (21000 + i)).toList();
        List<String> tenthsThenFull = new ArrayList<>(tenths);
        tenthsThenFull.add("i-10: needs 0.1 cpu, most free on any ready node is 0.0 (node-1)");
        return Stream.of(
                Arguments.of("cpu is not overbooked across nodes",
                        cluster(node("node-1").cpu(2), node("node-2").cpu(1)),
                        pending(IntStream.rangeClosed(1, 8).mapToObj(i -> instance("a-" + i))
                                .toArray(Fixtures.InstanceBuilder[]::new)),
                        List.of("a-1 -> node-1:21000", "a-2 -> node-2:21000", "a-3 -> node-1:21001",
                                "a-4 -> node-2:21001", "a-5 -> node-1:21002", "a-6 -> node-1:21003",
                                "a-7: needs 0.5 cpu, most free on any ready node is 0.0 (node-1)",
                                "a-8: needs 0.5 cpu, most free on any ready node is 0.0 (node-1)")),
                Arguments.of("memory is not overbooked",
                        cluster(node("node-1").memory(1000)),
                        pending(instance("a-1").memory(300), instance("a-2").memory(300), instance("a-3").memory(300),
                                instance("a-4").memory(300)),
                        List.of("a-1 -> node-1:21000", "a-2 -> node-1:21001", "a-3 -> node-1:21002",
                                "a-4: needs 300 MB memory, most free on any ready node is 100 MB (node-1)")),
                Arguments.of("ten tenths of a core fill one core exactly",
                        cluster(node("node-1").cpu(1)),
                        pending(IntStream.rangeClosed(0, 10).mapToObj(i -> instance(String.format("i-%02d", i)).cpu(0.1))
                                .toArray(Fixtures.InstanceBuilder[]::new)),
                        tenthsThenFull),
                Arguments.of("placed by deployment id, then instance id",
                        cluster(node("node-1").cpu(1)),
                        pending(instance("a-2").deployment("d-2").cpu(0.5), instance("z-9").deployment("d-1").cpu(0.5),
                                instance("a-1").deployment("d-2").cpu(0.5)),
                        List.of("z-9 -> node-1:21000", "a-1 -> node-1:21001",
                                "a-2: needs 0.5 cpu, most free on any ready node is 0.0 (node-1)")));
    }

    static Stream<Arguments> bookkeeping() {
        return Stream.of(
                Arguments.of("an instance already bound is not placed again",
                        cluster(node("node-1").bound("a-1", "a", 0.5, 256, 21000), node("node-2")),
                        pending(instance("a-1")),
                        List.of("a-1: already bound to node-1")),
                Arguments.of("an instance listed twice is placed once",
                        cluster(node("node-1")),
                        pending(instance("a-1"), instance("a-1")),
                        List.of("a-1 -> node-1:21000", "a-1: listed more than once in one plan")),
                Arguments.of("nothing pending, nothing planned",
                        cluster(node("node-1")), pending(), List.of()));
    }

    @Test
    void bindingCarriesTheNodeAddress() {
        PlacementPlan plan = planner.plan(pending(instance("a-1")), cluster(node("node-1")));
        assertEquals(List.of(new Binding("a-1", "node-1", "node-1.test", 21000)), plan.bindings());
    }

    @Test
    void samePlanWhateverTheInputOrder() {
        List<NodeSnapshot> nodes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            nodes.add(node("node-" + i).cpu(1 + i % 3).label("zone", i % 2 == 0 ? "north" : "south")
                    .bound("x-" + i, "x", 0.25 * (i % 4), 128, 21000 + i % 3).build());
        }
        List<PendingInstance> pending = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Fixtures.InstanceBuilder builder = instance("p-" + i).app("app-" + i % 5).deployment("d-" + i % 3).cpu(0.25);
            if (i % 4 == 0) {
                builder.label("zone", "north");
            }
            pending.add(builder.build());
        }
        PlacementPlan first = planner.plan(pending, new ClusterSnapshot(nodes));
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            Collections.shuffle(nodes, random);
            Collections.shuffle(pending, random);
            assertEquals(first, planner.plan(pending, new ClusterSnapshot(nodes)));
        }
    }

    /**
     * Random clusters and loads: whatever gets placed, no node is overbooked, no port is used twice and no instance
     * is on a node whose runtime its version does not run on.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void neverOverbooks(long seed) {
        Random random = new Random(seed);
        List<NodeSnapshot> nodes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            NodeState state = random.nextInt(5) == 0 ? NodeState.CORDONED : NodeState.READY;
            nodes.add(node("node-" + i).state(state).cpu(1 + random.nextInt(4)).memory(512 + 512 * random.nextInt(4))
                    .runtime(random.nextBoolean() ? "process" : "docker").ports(21000, 21000 + random.nextInt(12))
                    .bound("x-" + i, "x", 0.5, 128, 21000 + random.nextInt(3)).build());
        }
        List<PendingInstance> pending = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String[][] runtimes = {{"process"}, {"docker"}, {"process", "docker"}};
            pending.add(instance("p-" + i).app("app-" + random.nextInt(4)).cpu(0.1 * (1 + random.nextInt(5)))
                    .memory(64 * (1 + random.nextInt(4))).runsOn(runtimes[random.nextInt(3)]).build());
        }
        ClusterSnapshot snapshot = new ClusterSnapshot(nodes);
        PlacementPlan plan = planner.plan(pending, snapshot);

        assertEquals(pending.size(), plan.bindings().size() + plan.unplaced().size());
        Map<String, PendingInstance> byId = new HashMap<>();
        pending.forEach(p -> byId.put(p.instanceId(), p));
        for (NodeSnapshot node : nodes) {
            long cpuMilli = node.instances().stream().mapToLong(b -> Cores.milli(b.cpu())).sum();
            long memoryMb = node.instances().stream().mapToLong(BoundInstance::memoryMb).sum();
            Set<Integer> ports = new HashSet<>();
            node.instances().forEach(b -> ports.add(b.port()));
            for (Binding binding : plan.bindings()) {
                if (!binding.node().equals(node.name())) {
                    continue;
                }
                assertEquals(NodeState.READY, node.state(), binding + " on a node that is not ready");
                assertTrue(byId.get(binding.instanceId()).runtimes().contains(node.runtime()), binding + " on a node of another runtime");
                cpuMilli += Cores.milli(byId.get(binding.instanceId()).cpu());
                memoryMb += byId.get(binding.instanceId()).memoryMb();
                assertTrue(binding.port() >= node.portFrom() && binding.port() <= node.portTo(), binding + " out of range");
                assertTrue(ports.add(binding.port()), binding + " reuses a port");
            }
            assertTrue(cpuMilli <= Cores.milli(node.cpu()), node.name() + " cpu overbooked");
            assertTrue(memoryMb <= node.memoryMb(), node.name() + " memory overbooked");
        }
    }

    @Test
    void rejectsTwoNodesWithOneName() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> cluster(node("node-1"), node("node-1")));
        assertEquals("two nodes are called 'node-1'", error.getMessage());
    }

    @Test
    void rejectsAnEmptyPortRange() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> node("node-1").ports(21001, 21000).build());
        assertEquals("node node-1: port range 21001-21000 must lie within 1-65535 and not be empty", error.getMessage());
    }
}
