package dev.plinth.nodemanager.dispatch;

import dev.plinth.nodemanager.instances.InstanceRecord;
import dev.plinth.nodemanager.registry.NodeState;
import dev.plinth.nodemanager.registry.NodeView;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.plinth.nodemanager.testinfra.Fixtures.NOW;
import static dev.plinth.nodemanager.testinfra.Fixtures.instance;
import static dev.plinth.nodemanager.testinfra.Fixtures.node;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DispatchPlannerTest {

    private static final Duration RESEND = Duration.ofSeconds(10);

    @ParameterizedTest(name = "{0}")
    @MethodSource({"starts", "stops", "heartbeats", "neverStarted"})
    void decides(String name, List<NodeView> nodes, List<InstanceRecord> instances, Map<String, java.time.Instant> stopsSent,
                 List<String> expected) {
        Map<String, InstanceRecord> byId = new HashMap<>();
        instances.forEach(i -> byId.put(i.id(), i));

        List<String> decided = DispatchPlanner.decide(NOW, nodes, byId, stopsSent, RESEND).stream()
                .map(DispatchPlannerTest::line).toList();

        assertEquals(expected, decided);
    }

    static Stream<Arguments> starts() {
        return Stream.of(
                Arguments.of("a bound instance never started is started",
                        List.of(node("node-1", NodeState.READY)),
                        List.of(instance("a-1").bound("node-1", 21000).record()),
                        Map.of(), List.of("START a-1 on node-1")),
                Arguments.of("an instance without a state counts as never started",
                        List.of(node("node-1", NodeState.READY)),
                        List.of(instance("a-1").bound("node-1", 21000).without("state").record()),
                        Map.of(), List.of("START a-1 on node-1")),
                Arguments.of("an unbound instance waits for placement",
                        List.of(node("node-1", NodeState.READY)),
                        List.of(instance("a-1").record()),
                        Map.of(), List.of()),
                Arguments.of("a start sent 3 s ago is awaited",
                        List.of(node("node-1", NodeState.READY)),
                        List.of(instance("a-1").bound("node-1", 21000).startSent(NOW.minusSeconds(3)).record()),
                        Map.of(), List.of()),
                Arguments.of("a start unanswered for 10 s is sent again",
                        List.of(node("node-1", NodeState.READY)),
                        List.of(instance("a-1").bound("node-1", 21000).startSent(NOW.minusSeconds(10)).record()),
                        Map.of(), List.of("START a-1 on node-1")),
                Arguments.of("an instance its agent reported on is not started again",
                        List.of(node("node-1", NodeState.READY, "a-1")),
                        List.of(instance("a-1").bound("node-1", 21000).startSent(NOW.minusSeconds(60)).state("STARTING").record()),
                        Map.of(), List.of()),
                Arguments.of("cordoned and draining nodes still start what is bound to them",
                        List.of(node("node-1", NodeState.CORDONED), node("node-2", NodeState.DRAINING)),
                        List.of(instance("a-1").bound("node-1", 21000).record(), instance("a-2").bound("node-2", 21000).record()),
                        Map.of(), List.of("START a-1 on node-1", "START a-2 on node-2")),
                Arguments.of("lost and unknown nodes get no commands",
                        List.of(node("node-1", NodeState.LOST), node("node-2", NodeState.UNKNOWN)),
                        List.of(instance("a-1").bound("node-1", 21000).record(), instance("a-2").bound("node-2", 21000).record(),
                                instance("b-1").bound("node-1", 21001).desired("STOP").state("HEALTHY").record()),
                        Map.of(), List.of()),
                Arguments.of("a node outside the registry gets no commands",
                        List.of(node("node-1", NodeState.READY)),
                        List.of(instance("a-1").bound("node-9", 21000).record()),
                        Map.of(), List.of()));
    }

    static Stream<Arguments> stops() {
        return Stream.of(
                Arguments.of("a running instance that should stop is stopped, with the deployer's reason",
                        List.of(node("node-1", NodeState.READY, "a-1")),
                        List.of(instance("a-1").bound("node-1", 21000).desired("STOP").stopReason("scale-down")
                                .startSent(NOW.minusSeconds(90)).state("HEALTHY").record()),
                        Map.of(), List.of("STOP a-1 on node-1 (scale-down) gen 3")),
                Arguments.of("a stop sent 5 s ago is awaited",
                        List.of(node("node-1", NodeState.READY, "a-1")),
                        List.of(instance("a-1").bound("node-1", 21000).desired("STOP").startSent(NOW.minusSeconds(90))
                                .state("HEALTHY").record()),
                        Map.of("node-1/a-1", NOW.minusSeconds(5)), List.of()),
                Arguments.of("a stop unanswered for 10 s is sent again",
                        List.of(node("node-1", NodeState.READY)),
                        List.of(instance("a-1").bound("node-1", 21000).desired("STOP").startSent(NOW.minusSeconds(90))
                                .state("STARTING").record()),
                        Map.of("node-1/a-1", NOW.minusSeconds(10)), List.of("STOP a-1 on node-1 (not wanted any more) gen 3")),
                Arguments.of("a start that may be under way is stopped even without a report",
                        List.of(node("node-1", NodeState.READY)),
                        List.of(instance("a-1").bound("node-1", 21000).desired("STOP").startSent(NOW.minusSeconds(2)).record()),
                        Map.of(), List.of("STOP a-1 on node-1 (not wanted any more) gen 3")),
                Arguments.of("an ended instance needs no stop",
                        List.of(node("node-1", NodeState.READY)),
                        List.of(instance("a-1").bound("node-1", 21000).desired("STOP").startSent(NOW.minusSeconds(90))
                                .state("EXITED").record()),
                        Map.of(), List.of()));
    }

    static Stream<Arguments> heartbeats() {
        return Stream.of(
                Arguments.of("an instance the platform does not know is stopped",
                        List.of(node("node-1", NodeState.READY, "ghost-1")),
                        List.of(),
                        Map.of(), List.of("STOP ghost-1 on node-1 (unknown to the platform) gen 0")),
                Arguments.of("an instance bound elsewhere is stopped where it should not be",
                        List.of(node("node-1", NodeState.READY, "a-1"), node("node-2", NodeState.READY, "a-1")),
                        List.of(instance("a-1").bound("node-2", 21000).startSent(NOW.minusSeconds(60)).state("HEALTHY").record()),
                        Map.of(), List.of("STOP a-1 on node-1 (placed on node-2) gen 3")),
                Arguments.of("an ended instance still running on its node is stopped",
                        List.of(node("node-1", NodeState.READY, "a-1")),
                        List.of(instance("a-1").bound("node-1", 21000).desired("STOP").stopReason("node-lost")
                                .startSent(NOW.minusSeconds(60)).state("STOPPED").record()),
                        Map.of(), List.of("STOP a-1 on node-1 (node-lost) gen 3")),
                Arguments.of("an instance stopped for its record is not stopped twice for the heartbeat",
                        List.of(node("node-1", NodeState.READY, "a-1")),
                        List.of(instance("a-1").bound("node-1", 21000).desired("STOP").startSent(NOW.minusSeconds(60))
                                .state("HEALTHY").record()),
                        Map.of(), List.of("STOP a-1 on node-1 (not wanted any more) gen 3")),
                Arguments.of("what should run where it runs is left alone",
                        List.of(node("node-1", NodeState.READY, "a-1", "a-2")),
                        List.of(instance("a-1").bound("node-1", 21000).startSent(NOW.minusSeconds(60)).state("HEALTHY").record(),
                                instance("a-2").bound("node-1", 21001).startSent(NOW.minusSeconds(60)).state("UNHEALTHY").record()),
                        Map.of(), List.of()),
                Arguments.of("heartbeat stops are throttled too",
                        List.of(node("node-1", NodeState.READY, "ghost-1")),
                        List.of(),
                        Map.of("node-1/ghost-1", NOW.minusSeconds(4)), List.of()));
    }

    static Stream<Arguments> neverStarted() {
        return Stream.of(
                Arguments.of("an unwanted instance never sent a start is ended in the records, bound or not",
                        List.of(node("node-1", NodeState.READY), node("node-2", NodeState.LOST)),
                        List.of(instance("a-1").desired("STOP").record(),
                                instance("a-2").bound("node-1", 21000).desired("STOP").record(),
                                instance("a-3").bound("node-2", 21000).desired("STOP").record()),
                        Map.of(), List.of("END a-1", "END a-2", "END a-3")),
                Arguments.of("a reported instance is never ended by node-manager",
                        List.of(node("node-2", NodeState.LOST)),
                        List.of(instance("a-1").bound("node-2", 21000).desired("STOP").state("HEALTHY").record()),
                        Map.of(), List.of()));
    }

    private static String line(Decision decision) {
        if (decision instanceof Decision.Start start) {
            return "START " + start.instance().id() + " on " + start.instance().node();
        }
        if (decision instanceof Decision.Stop stop) {
            return "STOP " + stop.instanceId() + " on " + stop.node() + " (" + stop.reason() + ") gen " + stop.generation();
        }
        return "END " + ((Decision.EndNeverStarted) decision).instanceId();
    }
}
