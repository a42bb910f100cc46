package dev.plinth.nodemanager.registry;

import dev.plinth.contracts.events.NodeHeartbeat;
import dev.plinth.contracts.inventory.NodeInventory;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static dev.plinth.nodemanager.testinfra.Fixtures.NOW;
import static dev.plinth.nodemanager.testinfra.Fixtures.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeRegistryTest {

    private Instant now = NOW;
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final NodeRegistry registry = new NodeRegistry(new NodeInventory(List.of(spec("node-1"), spec("node-2"))),
            Duration.ofSeconds(10), clock);

    @Test
    void aNodeIsUnknownUntilItsAgentReportsThenReadyThenLostWhenSilent() {
        assertEquals(NodeState.UNKNOWN, state("node-1"));

        registry.heartbeat(beat("node-1"));
        assertEquals(NodeState.READY, state("node-1"));

        now = now.plusSeconds(10);
        registry.expire();
        assertEquals(NodeState.READY, state("node-1"), "10 s of silence is allowed");

        now = now.plusSeconds(1);
        registry.expire();
        assertEquals(NodeState.LOST, state("node-1"));

        registry.heartbeat(beat("node-1"));
        assertEquals(NodeState.READY, state("node-1"));
    }

    @Test
    void theAdminStateShowsOnAHeartbeatingNodeButNotOnASilentOne() {
        registry.heartbeat(beat("node-1"));
        registry.setAdminState("node-1", AdminState.CORDONED);
        registry.setAdminState("node-2", AdminState.DRAINING);

        assertEquals(NodeState.CORDONED, state("node-1"));
        assertEquals(NodeState.UNKNOWN, state("node-2"), "never reported: its instances cannot be reached anyway");
        assertEquals(AdminState.DRAINING, registry.node("node-2").orElseThrow().adminState());

        now = now.plusSeconds(11);
        registry.expire();
        assertEquals(NodeState.LOST, state("node-1"));
        registry.heartbeat(beat("node-1"));
        assertEquals(NodeState.CORDONED, state("node-1"), "the admin's decision outlives the outage");
        registry.setAdminState("node-1", AdminState.ACTIVE);
        assertEquals(NodeState.READY, state("node-1"));
    }

    @Test
    void restoresWhatAnEarlierRunStored() {
        registry.restore("node-1", AdminState.DRAINING, now.minusSeconds(3));
        registry.restore("node-2", AdminState.ACTIVE, now.minusSeconds(60));

        assertEquals(NodeState.DRAINING, state("node-1"), "heard of 3 s ago: still there");
        assertEquals(NodeState.LOST, state("node-2"), "silent for a minute: lost at once");
        assertTrue(registry.setAdminState("node-9", AdminState.CORDONED).isEmpty());
    }

    @Test
    void aNodeWhoseAgentCannotIsolateIsNotReadyWithTheReasonWhateverTheAdminSaid() {
        List<String> problems = List.of("bubblewrap is not installed at /usr/bin/bwrap: install it");
        registry.heartbeat(beat("node-1", problems));
        NodeView view = registry.node("node-1").orElseThrow();
        assertEquals(NodeState.NOT_READY, view.state());
        assertEquals(problems, view.isolationProblems());
        assertTrue(view.live(), "its agent heartbeats, so commands would reach it");

        registry.setAdminState("node-1", AdminState.CORDONED);
        assertEquals(NodeState.NOT_READY, state("node-1"), "it can run nothing whatever the admin decided");

        registry.setAdminState("node-1", AdminState.ACTIVE);
        registry.heartbeat(beat("node-1", List.of()));
        assertEquals(NodeState.READY, state("node-1"), "fixed: ready at its next heartbeat");
        assertEquals(List.of(), registry.node("node-1").orElseThrow().isolationProblems());

        registry.heartbeat(beat("node-1", problems));
        now = now.plusSeconds(11);
        registry.expire();
        assertEquals(NodeState.LOST, state("node-1"), "a silent node is lost, ready or not");
        assertEquals(List.of(), registry.node("node-1").orElseThrow().isolationProblems());
    }

    @Test
    void aNodeStoredAsUnableToIsolateStaysNotReadyAfterARestartUntilItsAgentSaysOtherwise() {
        List<String> problems = List.of("the agent runs as plinth, not root: run it as root");
        registry.restore("node-1", AdminState.ACTIVE, now.minusSeconds(3), problems);
        registry.restore("node-2", AdminState.ACTIVE, now.minusSeconds(3), List.of());

        assertEquals(NodeState.NOT_READY, state("node-1"));
        assertEquals(problems, registry.node("node-1").orElseThrow().isolationProblems());
        assertEquals(NodeState.READY, state("node-2"));

        registry.heartbeat(beat("node-1", List.of()));
        assertEquals(NodeState.READY, state("node-1"));
    }

    @Test
    void ignoresHeartbeatsOfNodesOutsideTheInventory() {
        registry.heartbeat(beat("node-9"));

        assertEquals(List.of("node-1", "node-2"), registry.nodes().stream().map(NodeView::name).toList());
    }

    private NodeState state(String node) {
        return registry.node(node).orElseThrow().state();
    }

    private NodeHeartbeat beat(String node) {
        return new NodeHeartbeat(node, "agent-1", 1, 2, 0, 2048, 0, List.of(), now);
    }

    private NodeHeartbeat beat(String node, List<String> isolationProblems) {
        return new NodeHeartbeat(node, "agent-1", 1, 2, 0, 2048, 0, List.of(), now, isolationProblems, false);
    }
}
