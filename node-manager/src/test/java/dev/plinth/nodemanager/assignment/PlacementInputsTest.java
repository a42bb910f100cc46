package dev.plinth.nodemanager.assignment;

import dev.plinth.nodemanager.placement.BoundInstance;
import dev.plinth.nodemanager.placement.NodeSnapshot;
import dev.plinth.nodemanager.placement.PendingInstance;
import dev.plinth.nodemanager.placement.PlacementPlanner;
import dev.plinth.nodemanager.registry.AdminState;
import dev.plinth.nodemanager.registry.NodeState;
import dev.plinth.nodemanager.registry.NodeView;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.plinth.nodemanager.testinfra.Fixtures.instance;
import static dev.plinth.nodemanager.testinfra.Fixtures.node;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PlacementInputsTest {

    @Test
    void pendingAreTheUnboundInstancesThatShouldRun() {
        PlacementInputs inputs = PlacementInputs.of(List.of(node("node-1", NodeState.READY)), List.of(
                instance("a-1").cpu(1.5).labels(Map.of("zone", "north")).avoid("node-2").record(),
                instance("a-2").desired("STOP").record(),
                instance("a-3").bound("node-1", 21000).record()));

        assertEquals(List.of(new PendingInstance("a-1", "a", "dep-a", 1.5, 256, Map.of("zone", "north"), Set.of("node-2"))),
                inputs.pending());
    }

    /** Specs written before runtimes were recorded (like {@code a-1} here) run on process, as they always did. */
    @Test
    void pendingInstancesCarryTheRuntimesOfTheirSpecAndNodesTheirInventoryRuntime() {
        NodeView docker = new NodeView(dev.plinth.nodemanager.testinfra.Fixtures.spec("node-2", "docker"), NodeState.READY,
                AdminState.ACTIVE, null, null, List.of());
        PlacementInputs inputs = PlacementInputs.of(List.of(node("node-1", NodeState.READY), docker), List.of(
                instance("a-1").record(), instance("b-1").runtimes("docker").record(),
                instance("c-1").runtimes("docker", "process").record()));

        assertEquals(List.of(List.of("process"), List.of("docker"), List.of("process", "docker")),
                inputs.pending().stream().map(PendingInstance::runtimes).toList());
        assertEquals(List.of("process", "docker"), inputs.snapshot().nodes().stream().map(NodeSnapshot::runtime).toList());
        assertEquals(List.of("a-1->node-1", "b-1->node-2", "c-1->node-1"), new PlacementPlanner().plan(inputs.pending(),
                inputs.snapshot()).bindings().stream().map(b -> b.instanceId() + "->" + b.node()).toList());
    }

    @Test
    void boundInstancesThatHaveNotEndedHoldTheirNodesShare() {
        PlacementInputs inputs = PlacementInputs.of(
                List.of(node("node-1", NodeState.READY), node("node-2", NodeState.CORDONED), node("node-3", NodeState.LOST)),
                List.of(instance("a-1").bound("node-1", 21000).state("HEALTHY").record(),
                        instance("b-1").bound("node-1", 21001).desired("STOP").state("HEALTHY").cpu(1).record(),
                        instance("c-1").bound("node-1", 21002).state("EXITED").record(),
                        instance("d-1").bound("node-2", 21000).record()));

        List<NodeSnapshot> nodes = inputs.snapshot().nodes();
        assertEquals(List.of("node-1", "node-2", "node-3"), nodes.stream().map(NodeSnapshot::name).toList());
        assertEquals(List.of(NodeState.READY, NodeState.CORDONED, NodeState.LOST), nodes.stream().map(NodeSnapshot::state).toList());
        assertEquals(List.of(new BoundInstance("a-1", "a", 0.5, 256, 21000), new BoundInstance("b-1", "b", 1, 256, 21001)),
                nodes.get(0).instances());
        assertEquals(List.of(new BoundInstance("d-1", "d", 0.5, 256, 21000)), nodes.get(1).instances());
        assertEquals(List.of(), nodes.get(2).instances());
    }

    @Test
    void aNodeThatCannotIsolateCarriesItsAgentsReasonsIntoTheSnapshot() {
        NodeView ready = node("node-1", NodeState.READY);
        NodeView notReady = new NodeView(dev.plinth.nodemanager.testinfra.Fixtures.spec("node-2"), NodeState.NOT_READY,
                AdminState.ACTIVE, null, null, List.of("no cgroup v1 pids controller at /sys/fs/cgroup/pids: mount it",
                "bubblewrap is not installed at /usr/bin/bwrap: install it"));

        List<NodeSnapshot> nodes = PlacementInputs.of(List.of(ready, notReady), List.of()).snapshot().nodes();

        assertEquals(null, nodes.get(0).notReadyReason());
        assertEquals("it cannot isolate instances: no cgroup v1 pids controller at /sys/fs/cgroup/pids: mount it; "
                + "bubblewrap is not installed at /usr/bin/bwrap: install it", nodes.get(1).notReadyReason());
    }

    @Test
    void feedsThePlannerSoThatTakenPortsAndCapacityAreRespected() {
        String node = "node-1";
        int base = node(node, NodeState.READY).spec().ports().from();
        PlacementInputs inputs = PlacementInputs.of(
                List.of(node(node, NodeState.READY), node("node-2", NodeState.DRAINING)),
                List.of(instance("x-1").bound(node, base).cpu(1.5).state("HEALTHY").record(),
                        instance("a-1").record(), instance("a-2").record()));

        List<String> plan = new PlacementPlanner().plan(inputs.pending(), inputs.snapshot()).bindings().stream()
                .map(b -> b.instanceId() + "->" + b.node() + ":" + (b.port() - base)).toList();

        assertEquals(List.of("a-1->node-1:1"), plan, "0.5 cpu is left on node-1, and port +0 is taken");
        assertEquals("needs 0.5 cpu, most free on any ready node is 0.0 (node-1)",
                new PlacementPlanner().plan(inputs.pending(), inputs.snapshot()).unplaced().get(0).reason());
    }
}
