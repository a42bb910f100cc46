package dev.plinth.deployer.reconcile;

import dev.plinth.deployer.reconcile.Action.CreateInstance;
import dev.plinth.deployer.reconcile.Action.MarkStable;
import dev.plinth.deployer.reconcile.Action.Rollback;
import dev.plinth.deployer.reconcile.Action.SetStatus;
import dev.plinth.deployer.reconcile.Action.StopInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides what to write for one deployment, given a snapshot of it, its instances and the nodes'
 * states, at a given time. Pure: no I/O and no clock; the same input always gives the same plan.
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
 *   <li><b>Inactive</b> ({@code active: false}): stop every wanted instance (reason {@code stopped});
 *       status STOPPED.</li>
 *   <li><b>Rollback</b>: when a stable version exists and differs from {@code version}, and a wanted
 *       instance of {@code version} is UNHEALTHY, EXITED or FAILED (not on a lost node): set the
 *       deployment back to the stable version and spec, generation + 1 ({@link Rollback}); stop every
 *       wanted instance of {@code version} (reason {@code rollback}); status FAILED with
 *       "version X failed: instance I on node N: message; rolled back to Y". Nothing else happens
 *       in that pass; the next pass works on the rolled-back deployment. Old instances were only
 *       ever stopped once a new one was healthy, so the old version kept serving.</li>
 *   <li><b>Lost and failed instances</b>: a wanted instance on a LOST node is stopped with reason
 *       {@code node-lost} (so node-manager stops it if the node comes back) and no longer counts;
 *       a wanted UNHEALTHY, EXITED or FAILED one is stopped with reason {@code unhealthy}; a wanted
 *       STOPPED one with reason {@code replaced}. The missing instances are then created below.</li>
 *   <li><b>Failure budget and backoff</b>: with k failures within the failure window, a creation
 *       waits until the latest failure + min(cap, base × 2^(k−1)) (1 s, 2 s, 4 s… 60 s by default);
 *       the plan's {@code recheckAt} says when. A version that never became stable (no stable
 *       version, or {@code version} differs from it without a way back) is given up once the
 *       current generation has {@code failureBudget} failures within one window: status FAILED
 *       with the last failure's message, and nothing is created until the generation changes.</li>
 *   <li><b>Steady state</b> (no outgoing instance): fewer keepers than desired → create the missing
 *       ones at once; more → stop the extras (reason {@code scale-down}): PENDING first, then
 *       STARTING, then HEALTHY, newest first.</li>
 *   <li><b>Rolling step</b> (some outgoing instance): while any keeper is PENDING or STARTING, wait.
 *       Once every keeper is healthy: if keepers + outgoing exceed desired, stop that many outgoing
 *       (not-healthy ones first, then the oldest) with reason {@code replaced} (older version) or
 *       {@code drain} (draining node); otherwise, if keepers are fewer than desired, create one
 *       (surge of one). Stopping the excess only when every keeper is healthy means a step never
 *       leaves fewer healthy instances than desired while the old ones can serve.</li>
 *   <li><b>Placement hints</b>: a replacement avoids the node its predecessor failed or was lost
 *       on (the i-th creation takes the i-th most recent such predecessor of this generation), and
 *       a rolling creation avoids every draining node its outgoing instances are on.</li>
 *   <li><b>Status</b>: given up → FAILED. FAILED after a rollback stays FAILED while the stable
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

    /** A reconciler with {@link ReconcilePolicy#DEFAULT}. */
    public Reconciler() {
        this(ReconcilePolicy.DEFAULT);
    }

    /** @param policy the budget, backoff and grace periods */
    public Reconciler(ReconcilePolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
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
            return stopEverything(deployment, all);
        }
        Plan rollback = rollbackIfNewVersionFailed(deployment, all, nodes);
        return rollback != null ? rollback : new Pass(deployment, all, nodes, now).plan();
    }

    private static Plan stopEverything(DeploymentView deployment, List<InstanceView> all) {
        List<Action> actions = new ArrayList<>();
        if (deployment.status() != DeploymentStatus.STOPPED || deployment.reason() != null) {
            actions.add(new SetStatus(DeploymentStatus.STOPPED, null));
        }
        all.stream().filter(InstanceView::wanted).forEach(i -> actions.add(new StopInstance(i.id(), StopReason.STOPPED)));
        return new Plan(actions, null);
    }

    private static Plan rollbackIfNewVersionFailed(DeploymentView deployment, List<InstanceView> all,
                                                   Map<String, NodeState> nodes) {
        if (!canRollBack(deployment)) {
            return null;
        }
        InstanceView culprit = all.stream()
                .filter(i -> i.wanted() && i.version().equals(deployment.version()) && i.state().failure()
                        && nodeState(i, nodes) != NodeState.LOST)
                .min(Comparator.comparing(InstanceView::changedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(InstanceView::id))
                .orElse(null);
        if (culprit == null) {
            return null;
        }
        String reason = "version " + deployment.version() + " failed: " + culprit.describeFailure()
                + "; rolled back to " + deployment.stableVersion();
        List<Action> actions = new ArrayList<>();
        actions.add(new SetStatus(DeploymentStatus.FAILED, reason));
        actions.add(new Rollback(deployment.stableVersion(), deployment.stableSpec(), reason));
        all.stream().filter(i -> i.wanted() && i.version().equals(deployment.version()))
                .forEach(i -> actions.add(new StopInstance(i.id(), StopReason.ROLLBACK)));
        return new Plan(actions, null);
    }

    private static boolean canRollBack(DeploymentView deployment) {
        return deployment.stableVersion() != null && deployment.stableSpec() != null
                && !deployment.version().equals(deployment.stableVersion());
    }

    private static NodeState nodeState(InstanceView instance, Map<String, NodeState> nodes) {
        if (instance.node() == null) {
            return NodeState.UNKNOWN;
        }
        return nodes.getOrDefault(instance.node(), NodeState.UNKNOWN);
    }

    /** A failure and when it happened. */
    private record Failure(InstanceView instance, Instant at) {
    }

    /** One reconcile pass over an active deployment that needs no rollback. */
    private final class Pass {

        private final DeploymentView deployment;
        private final List<InstanceView> all;
        private final Map<String, NodeState> nodes;
        private final Instant now;
        private final int desired;

        private final List<StopInstance> stops = new ArrayList<>();
        private final List<CreateInstance> creates = new ArrayList<>();
        private final List<InstanceView> alive = new ArrayList<>();
        /** Instances stopped in this pass because they failed or their node was lost. */
        private final List<InstanceView> replacedNow = new ArrayList<>();
        private Instant recheckAt;

        Pass(DeploymentView deployment, List<InstanceView> all, Map<String, NodeState> nodes, Instant now) {
            this.deployment = deployment;
            this.all = all;
            this.nodes = nodes;
            this.now = now;
            this.desired = deployment.instances();
        }

        Plan plan() {
            sortOutWanted();
            List<Failure> failures = failuresOfThisGeneration();
            boolean gaveUp = !deployment.version().equals(deployment.stableVersion()) && budgetSpent(failures);
            Instant backoffEnd = gaveUp ? null : backoffEnd(failures);
            boolean mayCreate = !gaveUp && (backoffEnd == null || !now.isBefore(backoffEnd));
            if (backoffEnd != null && now.isBefore(backoffEnd)) {
                recheckAt = backoffEnd;
            }

            List<InstanceView> keepers = alive.stream()
                    .filter(i -> i.version().equals(deployment.version()) && nodeState(i) != NodeState.DRAINING)
                    .toList();
            List<InstanceView> outgoing = alive.stream().filter(i -> !keepers.contains(i)).toList();
            List<String> predecessorNodes = predecessorNodes(failures);
            if (outgoing.isEmpty()) {
                scale(keepers, predecessorNodes, mayCreate);
            } else {
                rollingStep(keepers, outgoing, predecessorNodes, mayCreate);
            }

            List<Action> actions = new ArrayList<>(statusActions(keepers, outgoing, failures, gaveUp));
            actions.addAll(stops);
            actions.addAll(creates);
            return new Plan(actions, recheckAt);
        }

        /** Stops wanted instances that are lost, failed or stopped; keeps the alive ones. */
        private void sortOutWanted() {
            for (InstanceView instance : all) {
                if (!instance.wanted()) {
                    continue;
                }
                if (nodeState(instance) == NodeState.LOST) {
                    stops.add(new StopInstance(instance.id(), StopReason.NODE_LOST));
                    replacedNow.add(instance);
                } else if (instance.state().failure()) {
                    stops.add(new StopInstance(instance.id(), StopReason.UNHEALTHY));
                    replacedNow.add(instance);
                } else if (instance.state() == ObservedState.STOPPED) {
                    stops.add(new StopInstance(instance.id(), StopReason.REPLACED));
                } else {
                    alive.add(instance);
                }
            }
        }

        private List<Failure> failuresOfThisGeneration() {
            return all.stream()
                    .filter(i -> i.generation() == deployment.generation())
                    .filter(i -> i.stopReason() == StopReason.UNHEALTHY
                            || (i.wanted() && i.state().failure() && nodeState(i) != NodeState.LOST))
                    .map(i -> new Failure(i, i.changedAt() == null ? now : i.changedAt()))
                    .sorted(Comparator.comparing(Failure::at).thenComparing(f -> f.instance().id()))
                    .toList();
        }

        /** True when some {@code failureBudget} failures fall within one failure window. */
        private boolean budgetSpent(List<Failure> failures) {
            int budget = policy.failureBudget();
            for (int first = 0; first + budget - 1 < failures.size(); first++) {
                Duration span = Duration.between(failures.get(first).at(), failures.get(first + budget - 1).at());
                if (span.compareTo(policy.failureWindow()) <= 0) {
                    return true;
                }
            }
            return false;
        }

        /**
         * When the next creation may happen after recent failures, or null when it may happen now:
         * the first failure in the window is replaced at once (an instance killed once should be
         * back as fast as it can start); from the second on the wait is the base, doubled per
         * further failure, up to the cap.
         */
        private Instant backoffEnd(List<Failure> failures) {
            Instant windowStart = now.minus(policy.failureWindow());
            List<Failure> recent = failures.stream().filter(f -> f.at().isAfter(windowStart)).toList();
            if (recent.size() < 2) {
                return null;
            }
            int doublings = Math.min(recent.size() - 2, 30);
            Duration delay = policy.backoffBase().multipliedBy(1L << doublings);
            if (delay.compareTo(policy.backoffCap()) > 0) {
                delay = policy.backoffCap();
            }
            return recent.get(recent.size() - 1).at().plus(delay);
        }

        /**
         * Nodes new instances should avoid, one per replaced predecessor: those replaced in this
         * pass first, then earlier failures of this generation within the window, most recent first.
         */
        private List<String> predecessorNodes(List<Failure> failures) {
            List<InstanceView> predecessors = new ArrayList<>(replacedNow.stream()
                    .sorted(Comparator.comparing((InstanceView i) -> i.changedAt() == null ? now : i.changedAt())
                            .reversed().thenComparing(InstanceView::id))
                    .toList());
            Instant windowStart = now.minus(policy.failureWindow());
            failures.stream()
                    .filter(f -> f.at().isAfter(windowStart) && !replacedNow.contains(f.instance()))
                    .sorted(Comparator.comparing(Failure::at).reversed()
                            .thenComparing(f -> f.instance().id()))
                    .forEach(f -> predecessors.add(f.instance()));
            return predecessors.stream().map(InstanceView::node).toList();
        }

        private void scale(List<InstanceView> keepers, List<String> predecessorNodes, boolean mayCreate) {
            int missing = desired - keepers.size();
            if (missing > 0 && mayCreate) {
                for (int n = 0; n < missing; n++) {
                    String avoid = n < predecessorNodes.size() ? predecessorNodes.get(n) : null;
                    create(avoid == null ? Set.of() : Set.of(avoid));
                }
            } else if (missing < 0) {
                keepers.stream()
                        .sorted(Comparator.comparingInt((InstanceView i) -> progress(i.state()))
                                .thenComparing(InstanceView::createdAt, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()).reversed())
                                .thenComparing(InstanceView::id, Comparator.reverseOrder()))
                        .limit(-missing)
                        .forEach(i -> stops.add(new StopInstance(i.id(), StopReason.SCALE_DOWN)));
            }
        }

        private void rollingStep(List<InstanceView> keepers, List<InstanceView> outgoing, List<String> predecessorNodes,
                                 boolean mayCreate) {
            if (!keepers.stream().allMatch(i -> i.state() == ObservedState.HEALTHY)) {
                return;
            }
            int total = keepers.size() + outgoing.size();
            if (total > desired) {
                outgoing.stream()
                        .sorted(Comparator.comparingInt((InstanceView i) -> progress(i.state()))
                                .thenComparing(InstanceView::createdAt, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
                                .thenComparing(InstanceView::id))
                        .limit(Math.min(outgoing.size(), total - desired))
                        .forEach(i -> stops.add(new StopInstance(i.id(),
                                i.version().equals(deployment.version()) ? StopReason.DRAIN : StopReason.REPLACED)));
            } else if (keepers.size() < desired && mayCreate) {
                Set<String> avoid = new TreeSet<>();
                outgoing.stream().filter(i -> nodeState(i) == NodeState.DRAINING).forEach(i -> avoid.add(i.node()));
                if (!predecessorNodes.isEmpty() && predecessorNodes.get(0) != null) {
                    avoid.add(predecessorNodes.get(0));
                }
                create(avoid);
            }
        }

        private void create(Set<String> avoid) {
            creates.add(new CreateInstance(deployment.version(), deployment.spec(), new ArrayList<>(new TreeSet<>(avoid))));
        }

        private List<Action> statusActions(List<InstanceView> keepers, List<InstanceView> outgoing,
                                           List<Failure> failures, boolean gaveUp) {
            long healthy = alive.stream().filter(i -> i.state() == ObservedState.HEALTHY).count();
            long healthyKeepers = keepers.stream().filter(i -> i.state() == ObservedState.HEALTHY).count();
            boolean done = outgoing.isEmpty() && keepers.size() == desired && healthyKeepers == desired;
            boolean onStable = deployment.version().equals(deployment.stableVersion());
            DeploymentStatus current = deployment.status();
            List<Action> actions = new ArrayList<>();

            DeploymentStatus status;
            String reason = null;
            if (gaveUp) {
                status = DeploymentStatus.FAILED;
                Failure last = failures.get(failures.size() - 1);
                reason = "version " + deployment.version() + " failed: " + last.instance().describeFailure()
                        + "; gave up after " + policy.failureBudget() + " failures within "
                        + describe(policy.failureWindow());
            } else if (current == DeploymentStatus.FAILED && onStable) {
                status = current;
                reason = deployment.reason();
            } else if (done) {
                status = DeploymentStatus.RUNNING;
                if (!onStable || deployment.stableSpec() == null) {
                    actions.add(new MarkStable(deployment.version(), deployment.spec()));
                }
            } else if (onStable && (current == DeploymentStatus.RUNNING || current == DeploymentStatus.DEGRADED)) {
                if (healthy >= desired) {
                    status = DeploymentStatus.RUNNING;
                } else {
                    Instant due = shortfallSince(failures).plus(policy.degradedAfter());
                    if (now.isBefore(due)) {
                        status = current;
                        reason = deployment.reason();
                        recheckAt = recheckAt == null || due.isBefore(recheckAt) ? due : recheckAt;
                    } else {
                        status = DeploymentStatus.DEGRADED;
                        reason = healthy + " of " + desired + " instances healthy" + lastFailure(failures);
                    }
                }
            } else {
                status = healthy == 0 ? DeploymentStatus.PENDING : DeploymentStatus.ROLLING_OUT;
            }
            if (status != current || !Objects.equals(reason, deployment.reason())) {
                actions.add(0, new SetStatus(status, reason));
            }
            return actions;
        }

        /**
         * The earliest sign of the current shortfall since the status was written: a failure, an
         * instance that is not healthy yet, or a replacement decided now.
         */
        private Instant shortfallSince(List<Failure> failures) {
            Instant since = deployment.statusAt() == null ? now : deployment.statusAt();
            Set<Instant> signs = new LinkedHashSet<>();
            failures.forEach(f -> signs.add(f.at()));
            alive.stream().filter(i -> i.state() != ObservedState.HEALTHY).forEach(i -> {
                if (i.createdAt() != null) {
                    signs.add(i.createdAt());
                }
                if (i.stateAt() != null) {
                    signs.add(i.stateAt());
                }
            });
            if (!replacedNow.isEmpty() || !creates.isEmpty()) {
                signs.add(now);
            }
            return signs.stream().filter(at -> !at.isBefore(since)).min(Comparator.naturalOrder()).orElse(since);
        }

        private String lastFailure(List<Failure> failures) {
            Instant windowStart = now.minus(policy.failureWindow());
            return failures.stream().filter(f -> f.at().isAfter(windowStart)).reduce((a, b) -> b)
                    .map(f -> "; last failure: " + f.instance().describeFailure()).orElse("");
        }

        private NodeState nodeState(InstanceView instance) {
            return Reconciler.nodeState(instance, nodes);
        }
    }

    /** Orders states by how far an instance got: the least advanced are stopped first. */
    private static int progress(ObservedState state) {
        return switch (state) {
            case PENDING -> 0;
            case STARTING -> 1;
            case HEALTHY -> 2;
            default -> -1;
        };
    }

    private static String describe(Duration duration) {
        if (duration.toSeconds() % 60 == 0) {
            long minutes = duration.toMinutes();
            return minutes == 1 ? "1 minute" : minutes + " minutes";
        }
        return duration.toSeconds() + " seconds";
    }
}
