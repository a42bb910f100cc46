package dev.plinth.deployer.reconcile;

import dev.plinth.deployer.reconcile.Snapshots.Dep;
import dev.plinth.deployer.reconcile.Snapshots.Inst;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.plinth.deployer.reconcile.DeploymentStatus.DEGRADED;
import static dev.plinth.deployer.reconcile.DeploymentStatus.FAILED;
import static dev.plinth.deployer.reconcile.DeploymentStatus.PENDING;
import static dev.plinth.deployer.reconcile.DeploymentStatus.ROLLING_OUT;
import static dev.plinth.deployer.reconcile.DeploymentStatus.RUNNING;
import static dev.plinth.deployer.reconcile.DeploymentStatus.STOPPED;
import static dev.plinth.deployer.reconcile.ObservedState.EXITED;
import static dev.plinth.deployer.reconcile.ObservedState.HEALTHY;
import static dev.plinth.deployer.reconcile.ObservedState.STARTING;
import static dev.plinth.deployer.reconcile.ObservedState.UNHEALTHY;
import static dev.plinth.deployer.reconcile.Snapshots.T;
import static dev.plinth.deployer.reconcile.Snapshots.actions;
import static dev.plinth.deployer.reconcile.Snapshots.at;
import static dev.plinth.deployer.reconcile.Snapshots.create;
import static dev.plinth.deployer.reconcile.Snapshots.dep;
import static dev.plinth.deployer.reconcile.Snapshots.inst;
import static dev.plinth.deployer.reconcile.Snapshots.nodes;
import static dev.plinth.deployer.reconcile.Snapshots.readyNodes;
import static dev.plinth.deployer.reconcile.Snapshots.stable;
import static dev.plinth.deployer.reconcile.Snapshots.status;
import static dev.plinth.deployer.reconcile.Snapshots.stop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One row per rule: a snapshot in, the exact plan out. */
class ReconcilerTest {

    private static final Reconciler RECONCILER = new Reconciler();

    private static final String FAILED_V2 = "version v2 failed: instance x on node n4: no answer on /health within 30 s;"
            + " rolled back to v1";

    /** A row: the snapshot, the time, and the plan it must give. */
    record Case(Dep deployment, List<Inst> instances, Map<String, NodeState> nodes, Instant now,
                List<Action> expected, Instant recheckAt) {

        Plan reconcile() {
            return RECONCILER.reconcile(deployment.view(), instances.stream().map(Inst::view).toList(), nodes, now);
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                row("first deployment: scale up from 0 to 3",
                        new Case(dep("v1", 3), List.of(), readyNodes(), T,
                                actions(status(PENDING, null), create("v1"), create("v1"), create("v1")), null)),
                row("first deployment: instances created and pending, nothing to do",
                        new Case(dep("v1", 3).status(PENDING), List.of(
                                inst("a", "v1", ObservedState.PENDING, null), inst("b", "v1", ObservedState.PENDING, null),
                                inst("c", "v1", STARTING, "n3")), readyNodes(), T,
                                actions(), null)),
                row("first deployment: one healthy, the others starting",
                        new Case(dep("v1", 3).status(PENDING), List.of(
                                inst("a", "v1", HEALTHY, "n1"), inst("b", "v1", STARTING, "n2"),
                                inst("c", "v1", STARTING, "n3")), readyNodes(), T,
                                actions(status(ROLLING_OUT, null)), null)),
                row("first deployment: all healthy gives RUNNING and a stable version",
                        new Case(dep("v1", 3).status(ROLLING_OUT), List.of(
                                inst("a", "v1", HEALTHY, "n1"), inst("b", "v1", HEALTHY, "n2"),
                                inst("c", "v1", HEALTHY, "n3")), readyNodes(), T,
                                actions(status(RUNNING, null), stable("v1")), null)),
                row("steady: all healthy, stable, RUNNING: nothing to do",
                        new Case(dep("v1", 3).stableOn("v1").status(RUNNING), List.of(
                                inst("a", "v1", HEALTHY, "n1"), inst("b", "v1", HEALTHY, "n2"),
                                inst("c", "v1", HEALTHY, "n3")), readyNodes(), T,
                                actions(), null)),
                row("scale up from 3 to 5",
                        new Case(dep("v1", 5).stableOn("v1").status(RUNNING), List.of(
                                inst("a", "v1", HEALTHY, "n1"), inst("b", "v1", HEALTHY, "n2"),
                                inst("c", "v1", HEALTHY, "n3")), readyNodes(), T,
                                actions(create("v1"), create("v1")), at(30))),
                row("scale down from 4 to 1: pending first, then starting, then the newest healthy",
                        new Case(dep("v1", 1).stableOn("v1").status(RUNNING), List.of(
                                inst("a", "v1", HEALTHY, "n1").createdAt(at(-300)),
                                inst("b", "v1", HEALTHY, "n2").createdAt(at(-200)),
                                inst("c", "v1", STARTING, "n3").createdAt(at(-400)),
                                inst("d", "v1", ObservedState.PENDING, null).createdAt(at(-500))), readyNodes(), T,
                                actions(stop("d", StopReason.SCALE_DOWN), stop("c", StopReason.SCALE_DOWN),
                                        stop("b", StopReason.SCALE_DOWN)), null)),
                row("unhealthy instance: stopped and replaced away from its node; RUNNING during the grace period",
                        new Case(dep("v1", 3).stableOn("v1").status(RUNNING), List.of(
                                inst("a", "v1", HEALTHY, "n1"), inst("b", "v1", HEALTHY, "n2"),
                                inst("c", "v1", UNHEALTHY, "n3").stateAt(at(-10))), readyNodes(), T,
                                actions(stop("c", StopReason.UNHEALTHY), create("v1", "n3")), at(20))),
                row("fewer healthy than desired for longer than the grace period: DEGRADED",
                        new Case(dep("v1", 3).stableOn("v1").status(RUNNING), List.of(
                                inst("a", "v1", HEALTHY, "n1"), inst("b", "v1", HEALTHY, "n2"),
                                inst("c", "v1", UNHEALTHY, "n3").stateAt(at(-40)).stopped(StopReason.UNHEALTHY),
                                inst("d", "v1", STARTING, "n1").createdAt(at(-39))), readyNodes(), T,
                                actions(status(DEGRADED, "2 of 3 instances healthy; last failure: instance c on node n3:"
                                        + " health check failed")), null)),
                row("DEGRADED and healthy again: RUNNING",
                        new Case(dep("v1", 3).stableOn("v1").status(DEGRADED, "2 of 3 instances healthy", at(-30)),
                                List.of(inst("a", "v1", HEALTHY, "n1"), inst("b", "v1", HEALTHY, "n2"),
                                        inst("d", "v1", HEALTHY, "n1")), readyNodes(), T,
                                actions(status(RUNNING, null)), null)),
                row("first failure in the window: stopped and replaced at once, away from its node",
                        new Case(dep("v1", 3).stableOn("v1").status(RUNNING), List.of(
                                inst("a", "v1", HEALTHY, "n1"), inst("b", "v1", HEALTHY, "n2"),
                                inst("c", "v1", EXITED, "n3").exited(137).stateAt(T.minusMillis(400))), readyNodes(), T,
                                actions(stop("c", StopReason.UNHEALTHY), create("v1", "n3")), T.plusMillis(29_600))),
                row("second failure in the window: backoff of 1 s from the latest",
                        new Case(dep("v1", 3).stableOn("v1").status(RUNNING), List.of(
                                inst("a", "v1", HEALTHY, "n1"), inst("b", "v1", HEALTHY, "n2"),
                                inst("p", "v1", ObservedState.STOPPED, "n1").stateAt(at(-20)).stopped(StopReason.UNHEALTHY),
                                inst("c", "v1", EXITED, "n3").exited(137).stateAt(T.minusMillis(400))), readyNodes(), T,
                                actions(stop("c", StopReason.UNHEALTHY)), T.plusMillis(600))),
                row("third failure in the window: backoff of 2 s from the latest",
                        new Case(dep("v1", 3).stableOn("v1").status(RUNNING), List.of(
                                inst("a", "v1", HEALTHY, "n1"), inst("b", "v1", HEALTHY, "n2"),
                                inst("p", "v1", ObservedState.STOPPED, "n3").stateAt(at(-20)).stopped(StopReason.UNHEALTHY),
                                inst("q", "v1", ObservedState.STOPPED, "n1").stateAt(at(-10)).stopped(StopReason.UNHEALTHY),
                                inst("c", "v1", EXITED, "n3").stateAt(at(-1))), readyNodes(), T,
                                actions(stop("c", StopReason.UNHEALTHY)), at(1))),
                row("backoff over: the replacement avoids the latest failure's node",
                        new Case(dep("v1", 3).stableOn("v1").status(RUNNING), List.of(
                                inst("a", "v1", HEALTHY, "n1"), inst("b", "v1", HEALTHY, "n2"),
                                inst("p", "v1", ObservedState.STOPPED, "n3").stateAt(at(-21)).stopped(StopReason.UNHEALTHY),
                                inst("q", "v1", ObservedState.STOPPED, "n1").stateAt(at(-11)).stopped(StopReason.UNHEALTHY),
                                inst("c", "v1", EXITED, "n4").stateAt(at(-4)).stopped(StopReason.UNHEALTHY)),
                                readyNodes(), T,
                                actions(create("v1", "n4")), at(9))),
                row("failures of an earlier generation neither back off nor count",
                        new Case(dep("v1", 3).stableOn("v1").status(RUNNING).generation(2), List.of(
                                inst("a", "v1", HEALTHY, "n1").generation(2), inst("b", "v1", HEALTHY, "n2").generation(2),
                                inst("c", "v1", EXITED, "n3").stateAt(at(-1)).stopped(StopReason.UNHEALTHY)),
                                readyNodes(), T,
                                actions(create("v1")), at(30))),
                row("wanted but stopped (not a failure): replaced at once",
                        new Case(dep("v1", 2).stableOn("v1").status(RUNNING), List.of(
                                inst("a", "v1", HEALTHY, "n1"),
                                inst("b", "v1", ObservedState.STOPPED, "n2").stateAt(at(-1))), readyNodes(), T,
                                actions(stop("b", StopReason.REPLACED), create("v1")), at(30))),
                row("node lost: its instance set to STOP and replaced elsewhere at once",
                        new Case(dep("v1", 3).stableOn("v1").status(RUNNING), List.of(
                                inst("a", "v1", HEALTHY, "n1"), inst("b", "v1", HEALTHY, "n2"),
                                inst("c", "v1", HEALTHY, "n3")),
                                nodes("n1", NodeState.LOST, "n2", NodeState.READY, "n3", NodeState.READY), T,
                                actions(stop("a", StopReason.NODE_LOST), create("v1", "n1")), at(30))),
                row("node lost while its instance was unhealthy: node-lost, not a failure",
                        new Case(dep("v1", 2).stableOn("v1").status(RUNNING), List.of(
                                inst("a", "v1", UNHEALTHY, "n1").stateAt(at(-1)), inst("b", "v1", HEALTHY, "n2")),
                                nodes("n1", NodeState.LOST, "n2", NodeState.READY), T,
                                actions(stop("a", StopReason.NODE_LOST), create("v1", "n1")), at(30))),
                row("lost node returns: the lost instance is already desired STOP, nothing extra",
                        new Case(dep("v1", 3).stableOn("v1").status(RUNNING), List.of(
                                inst("a", "v1", HEALTHY, "n1").stopped(StopReason.NODE_LOST),
                                inst("b", "v1", HEALTHY, "n2"), inst("c", "v1", HEALTHY, "n3"),
                                inst("d", "v1", HEALTHY, "n2")), readyNodes(), T,
                                actions(), null)),
                row("node draining: the replacement comes first, avoiding the node",
                        new Case(dep("v1", 3).stableOn("v1").status(RUNNING), List.of(
                                inst("a", "v1", HEALTHY, "n1"), inst("b", "v1", HEALTHY, "n2"),
                                inst("c", "v1", HEALTHY, "n3")),
                                nodes("n1", NodeState.DRAINING, "n2", NodeState.READY, "n3", NodeState.READY), T,
                                actions(create("v1", "n1")), null)),
                row("node draining: replacement starting, the drained one keeps serving",
                        new Case(dep("v1", 3).stableOn("v1").status(RUNNING), List.of(
                                inst("a", "v1", HEALTHY, "n1"), inst("b", "v1", HEALTHY, "n2"),
                                inst("c", "v1", HEALTHY, "n3"), inst("d", "v1", STARTING, "n2")),
                                nodes("n1", NodeState.DRAINING, "n2", NodeState.READY, "n3", NodeState.READY), T,
                                actions(), null)),
                row("node draining: replacement healthy, the drained one stops",
                        new Case(dep("v1", 3).stableOn("v1").status(RUNNING), List.of(
                                inst("a", "v1", HEALTHY, "n1"), inst("b", "v1", HEALTHY, "n2"),
                                inst("c", "v1", HEALTHY, "n3"), inst("d", "v1", HEALTHY, "n2")),
                                nodes("n1", NodeState.DRAINING, "n2", NodeState.READY, "n3", NodeState.READY), T,
                                actions(stop("a", StopReason.DRAIN)), null)),
                row("inactive: every wanted instance stops, status STOPPED",
                        new Case(dep("v1", 3).stableOn("v1").status(RUNNING).inactive(), List.of(
                                inst("a", "v1", HEALTHY, "n1"), inst("b", "v1", ObservedState.PENDING, null),
                                inst("c", "v1", HEALTHY, "n3").stopped(StopReason.SCALE_DOWN)), readyNodes(), T,
                                actions(status(STOPPED, null), stop("a", StopReason.STOPPED),
                                        stop("b", StopReason.STOPPED)), null)),
                row("inactive and all stopping: nothing to repeat",
                        new Case(dep("v1", 3).stableOn("v1").status(STOPPED).inactive(), List.of(
                                inst("a", "v1", HEALTHY, "n1").stopped(StopReason.STOPPED),
                                inst("b", "v1", ObservedState.STOPPED, "n2").stopped(StopReason.STOPPED)), readyNodes(), T,
                                actions(), null)),
                row("rolling upgrade: first step surges one new instance",
                        new Case(dep("v2", 3).stableOn("v1").status(RUNNING), List.of(
                                inst("a", "v1", HEALTHY, "n1"), inst("b", "v1", HEALTHY, "n2"),
                                inst("c", "v1", HEALTHY, "n3")), readyNodes(), T,
                                actions(status(ROLLING_OUT, null), create("v2")), null)),
                row("rolling upgrade: new instance starting, wait",
                        new Case(dep("v2", 3).stableOn("v1").status(ROLLING_OUT), List.of(
                                inst("a", "v1", HEALTHY, "n1"), inst("b", "v1", HEALTHY, "n2"),
                                inst("c", "v1", HEALTHY, "n3"), inst("x", "v2", STARTING, "n4")), readyNodes(), T,
                                actions(), null)),
                row("rolling upgrade: new instance healthy, the oldest old one stops",
                        new Case(dep("v2", 3).stableOn("v1").status(ROLLING_OUT), List.of(
                                inst("a", "v1", HEALTHY, "n1").createdAt(at(-500)),
                                inst("b", "v1", HEALTHY, "n2").createdAt(at(-600)),
                                inst("c", "v1", HEALTHY, "n3").createdAt(at(-400)),
                                inst("x", "v2", HEALTHY, "n4")), readyNodes(), T,
                                actions(stop("b", StopReason.REPLACED)), null)),
                row("rolling upgrade: a starting old instance is stopped before a healthy one",
                        new Case(dep("v2", 3).stableOn("v1").status(ROLLING_OUT), List.of(
                                inst("a", "v1", HEALTHY, "n1").createdAt(at(-500)),
                                inst("b", "v1", HEALTHY, "n2").createdAt(at(-600)),
                                inst("c", "v1", STARTING, "n3").createdAt(at(-10)),
                                inst("x", "v2", HEALTHY, "n4")), readyNodes(), T,
                                actions(stop("c", StopReason.REPLACED)), null)),
                row("rolling upgrade: old one stopping, next new one surges",
                        new Case(dep("v2", 3).stableOn("v1").status(ROLLING_OUT), List.of(
                                inst("a", "v1", HEALTHY, "n1"), inst("b", "v1", HEALTHY, "n2").stopped(StopReason.REPLACED),
                                inst("c", "v1", HEALTHY, "n3"), inst("x", "v2", HEALTHY, "n4")), readyNodes(), T,
                                actions(create("v2")), null)),
                row("rolling upgrade with scale down: every old one stops at once when new ones suffice",
                        new Case(dep("v2", 2).stableOn("v1").status(ROLLING_OUT), List.of(
                                inst("a", "v1", HEALTHY, "n1"), inst("c", "v1", HEALTHY, "n3"),
                                inst("x", "v2", HEALTHY, "n4"), inst("y", "v2", HEALTHY, "n2")), readyNodes(), T,
                                actions(stop("a", StopReason.REPLACED), stop("c", StopReason.REPLACED)), null)),
                row("rolling upgrade done: RUNNING and v2 stable",
                        new Case(dep("v2", 3).stableOn("v1").status(ROLLING_OUT), List.of(
                                inst("a", "v1", ObservedState.STOPPED, "n1").stopped(StopReason.REPLACED),
                                inst("x", "v2", HEALTHY, "n4"), inst("y", "v2", HEALTHY, "n2"),
                                inst("z", "v2", HEALTHY, "n3")), readyNodes(), T,
                                actions(status(RUNNING, null), stable("v2")), null)),
                row("rollback: a new instance turns UNHEALTHY",
                        new Case(dep("v2", 3).stableOn("v1").status(ROLLING_OUT), List.of(
                                inst("a", "v1", HEALTHY, "n1"), inst("b", "v1", HEALTHY, "n2"),
                                inst("w", "v2", HEALTHY, "n3"),
                                inst("x", "v2", UNHEALTHY, "n4").message("no answer on /health within 30 s")),
                                readyNodes(), T,
                                actions(status(FAILED, FAILED_V2),
                                        new Action.Rollback("v1", Snapshots.spec("v1"), FAILED_V2),
                                        stop("w", StopReason.ROLLBACK), stop("x", StopReason.ROLLBACK)), null)),
                row("rollback: a new instance exits",
                        new Case(dep("v2", 3).stableOn("v1").status(ROLLING_OUT), List.of(
                                inst("a", "v1", HEALTHY, "n1"), inst("b", "v1", HEALTHY, "n2"),
                                inst("c", "v1", HEALTHY, "n3"), inst("x", "v2", EXITED, "n4").exited(3)),
                                readyNodes(), T,
                                actions(status(FAILED, "version v2 failed: instance x on node n4: exited with code 3;"
                                                + " rolled back to v1"),
                                        new Action.Rollback("v1", Snapshots.spec("v1"),
                                                "version v2 failed: instance x on node n4: exited with code 3;"
                                                        + " rolled back to v1"),
                                        stop("x", StopReason.ROLLBACK)), null)),
                row("no rollback when the new instance's node is lost: it is replaced",
                        new Case(dep("v2", 3).stableOn("v1").status(ROLLING_OUT), List.of(
                                inst("a", "v1", HEALTHY, "n1"), inst("b", "v1", HEALTHY, "n2"),
                                inst("c", "v1", HEALTHY, "n3"), inst("x", "v2", UNHEALTHY, "n4")),
                                nodes("n1", NodeState.READY, "n2", NodeState.READY, "n3", NodeState.READY,
                                        "n4", NodeState.LOST), T,
                                actions(stop("x", StopReason.NODE_LOST), create("v2", "n4")), null)),
                row("after a rollback: FAILED stays while the stable version converges",
                        new Case(dep("v1", 3).stableOn("v1").status(FAILED, FAILED_V2, at(-5)).generation(3), List.of(
                                inst("a", "v1", HEALTHY, "n1"), inst("b", "v1", HEALTHY, "n2"),
                                inst("x", "v2", UNHEALTHY, "n4").generation(2).stopped(StopReason.ROLLBACK)),
                                readyNodes(), T,
                                actions(create("v1")), null)),
                row("after a rollback, converged: still FAILED, nothing to do",
                        new Case(dep("v1", 2).stableOn("v1").status(FAILED, FAILED_V2, at(-5)).generation(3), List.of(
                                inst("a", "v1", HEALTHY, "n1"), inst("b", "v1", HEALTHY, "n2")),
                                readyNodes(), T,
                                actions(), null)),
                row("first deployment failing: the fifth failure within 10 minutes gives up",
                        new Case(dep("v1", 1).status(PENDING), List.of(
                                inst("f1", "v1", EXITED, "n1").stateAt(at(-60)).stopped(StopReason.UNHEALTHY),
                                inst("f2", "v1", EXITED, "n2").stateAt(at(-50)).stopped(StopReason.UNHEALTHY),
                                inst("f3", "v1", EXITED, "n3").stateAt(at(-40)).stopped(StopReason.UNHEALTHY),
                                inst("f4", "v1", EXITED, "n1").stateAt(at(-20)).stopped(StopReason.UNHEALTHY),
                                inst("f5", "v1", EXITED, "n2").exited(3).message("boom").stateAt(at(-1))),
                                readyNodes(), T,
                                actions(status(FAILED, "version v1 failed: instance f5 on node n2: boom;"
                                                + " gave up after 5 failures within 10 minutes"),
                                        stop("f5", StopReason.UNHEALTHY)), null)),
                row("first deployment given up: no replacement even after the backoff",
                        new Case(dep("v1", 1).status(FAILED, "version v1 failed: instance f5 on node n2: boom;"
                                + " gave up after 5 failures within 10 minutes", at(-3000)), List.of(
                                inst("f1", "v1", EXITED, "n1").stateAt(at(-3060)).stopped(StopReason.UNHEALTHY),
                                inst("f2", "v1", EXITED, "n2").stateAt(at(-3050)).stopped(StopReason.UNHEALTHY),
                                inst("f3", "v1", EXITED, "n3").stateAt(at(-3040)).stopped(StopReason.UNHEALTHY),
                                inst("f4", "v1", EXITED, "n1").stateAt(at(-3020)).stopped(StopReason.UNHEALTHY),
                                inst("f5", "v1", EXITED, "n2").message("boom").stateAt(at(-3001))
                                        .stopped(StopReason.UNHEALTHY)),
                                readyNodes(), T,
                                actions(), null)),
                row("five failures spread over more than 10 minutes do not give up",
                        new Case(dep("v1", 1).status(PENDING), List.of(
                                inst("f1", "v1", EXITED, "n1").stateAt(at(-1200)).stopped(StopReason.UNHEALTHY),
                                inst("f2", "v1", EXITED, "n2").stateAt(at(-900)).stopped(StopReason.UNHEALTHY),
                                inst("f3", "v1", EXITED, "n3").stateAt(at(-600)).stopped(StopReason.UNHEALTHY),
                                inst("f4", "v1", EXITED, "n1").stateAt(at(-300)).stopped(StopReason.UNHEALTHY),
                                inst("f5", "v1", EXITED, "n2").stateAt(at(-10)).stopped(StopReason.UNHEALTHY)),
                                readyNodes(), T,
                                actions(create("v1", "n2")), null)),
                row("first deployment given up, then the desired state changes: it starts again",
                        new Case(dep("v1", 2).generation(2).status(FAILED, "gave up", at(-30)), List.of(
                                inst("f1", "v1", EXITED, "n1").stateAt(at(-60)).stopped(StopReason.UNHEALTHY),
                                inst("f2", "v1", EXITED, "n2").stateAt(at(-50)).stopped(StopReason.UNHEALTHY),
                                inst("f3", "v1", EXITED, "n3").stateAt(at(-40)).stopped(StopReason.UNHEALTHY),
                                inst("f4", "v1", EXITED, "n1").stateAt(at(-35)).stopped(StopReason.UNHEALTHY),
                                inst("f5", "v1", EXITED, "n2").stateAt(at(-31)).stopped(StopReason.UNHEALTHY)),
                                readyNodes(), T,
                                actions(status(PENDING, null), create("v1"), create("v1")), null)));
    }

    private static Arguments row(String name, Case c) {
        return Arguments.of(Named.of(name, c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void planFollowsTheRules(Case c) {
        Plan plan = c.reconcile();

        assertEquals(c.expected(), plan.actions());
        assertEquals(c.recheckAt(), plan.recheckAt());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameSnapshotSamePlan(Case c) {
        List<Inst> shuffled = new ArrayList<>(c.instances());
        java.util.Collections.reverse(shuffled);
        Case reordered = new Case(c.deployment(), shuffled, c.nodes(), c.now(), c.expected(), c.recheckAt());

        assertEquals(c.reconcile(), c.reconcile());
        assertEquals(c.reconcile(), reordered.reconcile());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void stopsAreNotRepeatedOnceRequested(Case c) {
        Plan first = c.reconcile();
        Map<String, StopReason> stopped = first.actions(Action.StopInstance.class).stream()
                .collect(Collectors.toMap(Action.StopInstance::instanceId, Action.StopInstance::reason));
        List<Inst> after = c.instances().stream()
                .map(i -> stopped.containsKey(i.view().id()) ? i.stopped(stopped.get(i.view().id())) : i)
                .toList();

        Plan second = new Case(c.deployment(), after, c.nodes(), c.now(), List.of(), null).reconcile();

        Set<String> repeated = second.actions(Action.StopInstance.class).stream()
                .map(Action.StopInstance::instanceId).filter(stopped::containsKey).collect(Collectors.toSet());
        assertTrue(repeated.isEmpty(), () -> "stops asked twice: " + repeated);
    }
}
