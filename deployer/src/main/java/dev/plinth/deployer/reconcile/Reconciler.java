package dev.plinth.deployer.reconcile;

import dev.plinth.deployer.reconcile.Classify.Classified;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides what to write for one deployment, given a snapshot of it, its instances and the nodes'
 * states, at a given time. Pure: no I/O and no clock; the same input always gives the same plan.
 *
 * <p>Each rule below is one step, a small pure class of this package named in brackets, and
 * {@link #reconcile} only composes them, in Nomad's scheduler shape: classify, count failures,
 * scale or roll, then status.
 *
 * <h2>Words</h2>
 * <ul>
 *   <li><b>wanted</b>: {@code desired: RUN}. Only wanted instances are ever stopped, so a stop is
 *       never asked twice.</li>
 *   <li><b>alive</b>: wanted, not terminal (EXITED, STOPPED, FAILED), not UNHEALTHY, and not on a
 *       LOST node. (An UNHEALTHY instance is stopped in the same pass that sees it, so it never
 *       counts.) <b>Healthy</b>: alive and HEALTHY.</li>
 *   <li><b>keeper</b>: alive, runs the deployment's {@code version}, on a node that is not DRAINING.
 *       <b>Outgoing</b>: any other alive instance (an older version, or on a draining node).</li>
 *   <li><b>failure</b>: an instance of the current generation that is wanted and UNHEALTHY, EXITED
 *       or FAILED (not on a lost node), or that was stopped with reason {@code unhealthy}; its time
 *       is its {@code stateAt}.</li>
 * </ul>
 *
 * <h2>Rules, in the order they are tried</h2>
 * <ol>
 *   <li><b>Inactive</b> [{@link StopInactive}] ({@code active: false}): stop every wanted instance (reason {@code stopped});
 *       status STOPPED.</li>
 *   <li><b>Rollback</b> [{@link RollbackOnFailure}]: when a stable version exists and differs from {@code version}, and a wanted
 *       instance of {@code version} is UNHEALTHY, EXITED or FAILED (not on a lost node): set the
 *       deployment back to the stable version and spec, generation + 1 ({@link Rollback}); stop every
 *       wanted instance of {@code version} (reason {@code rollback}); status FAILED with
 *       "version X failed: instance I on node N: message; rolled back to Y". Nothing else happens
 *       in that pass; the next pass works on the rolled-back deployment. Old instances were only
 *       ever stopped once a new one was healthy, so the old version kept serving.</li>
 *   <li><b>Lost and failed instances</b> [{@link Classify}]: a wanted instance on a LOST node is stopped with reason
 *       {@code node-lost} (so node-manager stops it if the node comes back) and no longer counts;
 *       a wanted UNHEALTHY, EXITED or FAILED one is stopped with reason {@code unhealthy}; a wanted
 *       STOPPED one with reason {@code replaced}. The missing instances are then created below.</li>
 *   <li><b>Failure budget and backoff</b> [{@link FailureBudget}]: with k failures within the failure window, a creation
 *       waits until the latest failure + min(cap, base × 2^(k−1)) (1 s, 2 s, 4 s… 60 s by default);
 *       the plan's {@code recheckAt} says when. A version that never became stable (no stable
 *       version, or {@code version} differs from it without a way back) is given up once the
 *       current generation has {@code failureBudget} failures within one window: status FAILED
 *       with the last failure's message, and nothing is created until the generation changes.</li>
 *   <li><b>Steady state</b> [{@link Scale}] (no outgoing instance): fewer keepers than desired → create the missing
 *       ones at once; more → stop the extras (reason {@code scale-down}): PENDING first, then
 *       STARTING, then HEALTHY, newest first.</li>
 *   <li><b>Rolling step</b> [{@link Rollout}] (some outgoing instance): while any keeper is PENDING or STARTING, wait.
 *       Once every keeper is healthy: if keepers + outgoing exceed desired, stop that many outgoing
 *       (not-healthy ones first, then the oldest) with reason {@code replaced} (older version) or
 *       {@code drain} (draining node); otherwise, if keepers are fewer than desired, create one
 *       (surge of one). Stopping the excess only when every keeper is healthy means a step never
 *       leaves fewer healthy instances than desired while the old ones can serve.</li>
 *   <li><b>Placement hints</b> [{@link PlacementHints}, {@link Rollout}]: a replacement avoids the node its predecessor failed or was lost
 *       on (the i-th creation takes the i-th most recent such predecessor of this generation), and
 *       a rolling creation avoids every draining node its outgoing instances are on.</li>
 *   <li><b>Status</b> [{@link Status}]: given up → FAILED. FAILED after a rollback stays FAILED while the stable
 *       version is the desired one (the instances still converge), until another version is
 *       deployed or the deployment is stopped. Every desired instance a healthy keeper and nothing
 *       outgoing → RUNNING, plus {@link MarkStable} when the stable version differs. While
 *       {@code version} is not the stable one → PENDING when nothing is healthy, else ROLLING_OUT.
 *       On the stable version after RUNNING or DEGRADED: enough healthy → RUNNING; fewer healthy
 *       than desired since longer than {@code degradedAfter} → DEGRADED with "k of n instances
 *       healthy" (the time counts from the earliest sign of the shortfall after {@code statusAt}).
 *       Otherwise PENDING when nothing is healthy, else ROLLING_OUT. A status is only written when
 *       status or reason differ.</li>
 * </ol>
 */
public final class Reconciler {

    private static final Comparator<InstanceView> BY_ID = Comparator.comparing(InstanceView::id);

    private final ReconcilePolicy policy;
    private final FailureBudget failureBudget;
    private final Status status;

    /** A reconciler with {@link ReconcilePolicy#DEFAULT}. */
    public Reconciler() {
        this(ReconcilePolicy.DEFAULT);
    }

    /** @param policy the budget, backoff and grace periods */
    public Reconciler(ReconcilePolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.failureBudget = new FailureBudget(policy);
        this.status = new Status(policy);
    }

    /**
     * @param deployment the deployment
     * @param instances  every instance of it, history included
     * @param nodes      node states by node name; a node missing here counts as UNKNOWN
     * @param now        the time of the decision
     * @return what to write
     */
    public Plan reconcile(DeploymentView deployment, List<InstanceView> instances, Map<String, NodeState> nodes,
                          Instant now) {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(now, "now");
        List<InstanceView> all = instances.stream().sorted(BY_ID).toList();
        if (!deployment.active()) {
            return StopInactive.plan(deployment, all);
        }
        NodeStates nodeStates = new NodeStates(nodes);
        Optional<Plan> rollback = RollbackOnFailure.plan(deployment, all, nodeStates);
        if (rollback.isPresent()) {
            return rollback.get();
        }

        Classified wanted = Classify.wanted(deployment, all, nodeStates);
        FailureBudget.Verdict budget = failureBudget.assess(deployment, all, nodeStates, now);
        List<String> predecessorNodes = PlacementHints.predecessorNodes(wanted.replacedNow(), budget.failures(),
                policy.failureWindow(), now);
        Changes changes = wanted.outgoing().isEmpty()
                ? Scale.toDesired(deployment, wanted.keepers(), predecessorNodes, budget.mayCreate())
                : Rollout.step(deployment, wanted.keepers(), wanted.outgoing(), nodeStates, predecessorNodes,
                        budget.mayCreate());
        Status.Decision decision = status.decide(deployment, wanted, budget, changes, now);

        List<Action> actions = new ArrayList<>(decision.actions());
        actions.addAll(wanted.stops());
        actions.addAll(changes.stops());
        actions.addAll(changes.creates());
        return new Plan(actions, earliest(budget.waitUntil(), decision.recheckAt()));
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
