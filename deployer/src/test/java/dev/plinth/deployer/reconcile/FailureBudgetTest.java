package dev.plinth.deployer.reconcile;

import dev.plinth.deployer.reconcile.Snapshots.Dep;
import dev.plinth.deployer.reconcile.Snapshots.Inst;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.plinth.deployer.reconcile.ObservedState.EXITED;
import static dev.plinth.deployer.reconcile.ObservedState.FAILED;
import static dev.plinth.deployer.reconcile.ObservedState.HEALTHY;
import static dev.plinth.deployer.reconcile.ObservedState.STOPPED;
import static dev.plinth.deployer.reconcile.ObservedState.UNHEALTHY;
import static dev.plinth.deployer.reconcile.Snapshots.T;
import static dev.plinth.deployer.reconcile.Snapshots.at;
import static dev.plinth.deployer.reconcile.Snapshots.dep;
import static dev.plinth.deployer.reconcile.Snapshots.inst;
import static dev.plinth.deployer.reconcile.Snapshots.nodes;
import static dev.plinth.deployer.reconcile.Snapshots.readyNodes;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The failure budget and the backoff alone, with the default policy: a budget of 5 failures within
 * 10 minutes, a backoff of 1 s doubling up to 60 s. One row per rule: which instances count as
 * failures, whether the version is given up, and until when a creation must wait.
 */
class FailureBudgetTest {

    private static final FailureBudget BUDGET = new FailureBudget(ReconcilePolicy.DEFAULT);

    /** A row: the snapshot at {@link Snapshots#T}, and the verdict it must give. */
    record Case(Dep deployment, List<Inst> instances, Map<String, NodeState> nodes,
                List<String> failures, boolean gaveUp, Instant waitUntil) {
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                row("nothing failed: create now",
                        new Case(dep("v1", 2), List.of(inst("a", "v1", HEALTHY, "n1")), readyNodes(),
                                List.of(), false, null)),
                row("the first failure in the window: replaced at once",
                        new Case(dep("v1", 2), List.of(fails("a", 0)), readyNodes(),
                                List.of("a"), false, null)),
                row("the second failure: wait 1 s from the latest",
                        new Case(dep("v1", 2), List.of(fails("a", -5), fails("b", 0)), readyNodes(),
                                List.of("a", "b"), false, at(1))),
                row("the third failure: wait 2 s from the latest",
                        new Case(dep("v1", 2), List.of(fails("a", -10), fails("b", -5), fails("c", 0)), readyNodes(),
                                List.of("a", "b", "c"), false, at(2))),
                row("the wait is over: create now",
                        new Case(dep("v1", 2), List.of(fails("a", -10), fails("b", -5)), readyNodes(),
                                List.of("a", "b"), false, null)),
                row("the wait never exceeds the cap of 60 s (eight failures would give 64 s)",
                        new Case(dep("v1", 2).stableOn("v1"), List.of(fails("a", -70), fails("b", -60), fails("c", -50),
                                fails("d", -40), fails("e", -30), fails("f", -20), fails("g", -10), fails("h", 0)),
                                readyNodes(), List.of("a", "b", "c", "d", "e", "f", "g", "h"), false, at(60))),
                row("failures older than the window do not back off",
                        new Case(dep("v1", 2), List.of(fails("a", -700), fails("b", -650)), readyNodes(),
                                List.of("a", "b"), false, null)),
                row("five failures within 10 minutes give up a version that never became stable",
                        new Case(dep("v1", 2), List.of(fails("a", -400), fails("b", -300), fails("c", -200),
                                fails("d", -100), fails("e", 0)), readyNodes(),
                                List.of("a", "b", "c", "d", "e"), true, null)),
                row("five failures spread over more than 10 minutes do not give up; four recent ones wait 4 s",
                        new Case(dep("v1", 2), List.of(fails("a", -700), fails("b", -500), fails("c", -300),
                                fails("d", -100), fails("e", 0)), readyNodes(),
                                List.of("a", "b", "c", "d", "e"), false, at(4))),
                row("a stable version is never given up, only backed off",
                        new Case(dep("v1", 2).stableOn("v1"), List.of(fails("a", -400), fails("b", -300),
                                fails("c", -200), fails("d", -100), fails("e", 0)), readyNodes(),
                                List.of("a", "b", "c", "d", "e"), false, at(8))),
                row("every failed state counts: UNHEALTHY, EXITED and FAILED",
                        new Case(dep("v1", 3), List.of(inst("a", "v1", UNHEALTHY, "n1").stateAt(at(-20)),
                                inst("b", "v1", EXITED, "n2").stateAt(at(-10)), inst("c", "v1", FAILED, "n3").stateAt(T)),
                                readyNodes(), List.of("a", "b", "c"), false, at(2))),
                row("failures are ordered by when they happened, not by id",
                        new Case(dep("v1", 2), List.of(fails("a", 0), fails("b", -5)), readyNodes(),
                                List.of("b", "a"), false, at(1))),
                row("an instance on a lost node is lost, not failed",
                        new Case(dep("v1", 2), List.of(fails("a", -5), fails("b", 0)), nodes("n1", NodeState.LOST),
                                List.of(), false, null)),
                row("failures of an earlier generation do not count",
                        new Case(dep("v1", 2).generation(2), List.of(fails("a", -5), fails("b", 0)), readyNodes(),
                                List.of(), false, null)),
                row("an instance already stopped as unhealthy still counts",
                        new Case(dep("v1", 2), List.of(inst("a", "v1", STOPPED, "n1").stateAt(at(-5))
                                .stopped(StopReason.UNHEALTHY), fails("b", 0)), readyNodes(),
                                List.of("a", "b"), false, at(1))),
                row("an instance stopped for another reason does not count, whatever its state",
                        new Case(dep("v1", 2), List.of(inst("a", "v1", EXITED, "n1").stateAt(at(-5))
                                .stopped(StopReason.REPLACED), fails("b", 0)), readyNodes(),
                                List.of("b"), false, null)));
    }

    /** A wanted instance of generation 1 on node n1 that exited {@code seconds} from T. */
    private static Inst fails(String id, long seconds) {
        return inst(id, "v1", EXITED, "n1").stateAt(at(seconds));
    }

    private static Arguments row(String name, Case c) {
        return Arguments.of(Named.of(name, c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void verdictFollowsTheRules(Case c) {
        FailureBudget.Verdict verdict = BUDGET.assess(c.deployment().view(),
                c.instances().stream().map(Inst::view).toList(), new NodeStates(c.nodes()), T);

        assertEquals(c.failures(), verdict.failures().stream().map(f -> f.instance().id()).toList(), "failures");
        assertEquals(c.gaveUp(), verdict.gaveUp(), "gave up");
        assertEquals(c.waitUntil(), verdict.waitUntil(), "wait until");
        assertEquals(!c.gaveUp() && c.waitUntil() == null, verdict.mayCreate(), "may create");
    }
}
