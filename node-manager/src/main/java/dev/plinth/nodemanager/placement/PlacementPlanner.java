package dev.plinth.nodemanager.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides where pending instances run. It is a pure function of its inputs: it does no I/O and
 * keeps no state between calls, so one planner can be shared between threads.
 *
 * <p>Pending instances are placed one at a time, by deployment id and then instance id. For each one,
 * {@link Feasibility} keeps the nodes that can take it, {@link Ranking} scores them, and the planner
 * picks the highest score, breaking ties by node name. The winner's cpu, memory and next free port (after the one last given out there)
 * are then reserved in the planner's working copy of the snapshot, so later instances in the same plan
 * see them as taken. The same inputs always give the same plan, whatever order the nodes and
 * instances arrive in.
 */
public final class PlacementPlanner {

    private static final Comparator<PendingInstance> PLACEMENT_ORDER =
            Comparator.comparing(PendingInstance::deploymentId).thenComparing(PendingInstance::instanceId);

    /**
     * Plans where each pending instance goes.
     *
     * @param pending  the instances to place, in any order
     * @param snapshot the nodes and what is bound to them now
     * @return a binding or an unplaced reason for each pending instance
     */
    public PlacementPlan plan(List<PendingInstance> pending, ClusterSnapshot snapshot) {
        // Sorting by name makes "first in the list" mean "first by name" in pick's tie-break.
        List<NodeLoad> nodes = snapshot.nodes().stream()
                .sorted(Comparator.comparing(NodeSnapshot::name))
                .map(NodeLoad::new)
                .toList();
        Map<String, String> alreadyBound = new HashMap<>();
        for (NodeSnapshot node : snapshot.nodes()) {
            node.instances().forEach(bound -> alreadyBound.put(bound.instanceId(), node.name()));
        }

        List<Binding> bindings = new ArrayList<>();
        List<Unplaced> unplaced = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (PendingInstance instance : pending.stream().sorted(PLACEMENT_ORDER).toList()) {
            // Placing an instance twice would reserve two slots for one process.
            if (alreadyBound.containsKey(instance.instanceId())) {
                unplaced.add(new Unplaced(instance.instanceId(),
                        "already bound to " + alreadyBound.get(instance.instanceId())));
                continue;
            }
            if (!seen.add(instance.instanceId())) {
                unplaced.add(new Unplaced(instance.instanceId(), "listed more than once in one plan"));
                continue;
            }
            NodeLoad best = pick(instance, nodes);
            if (best == null) {
                unplaced.add(new Unplaced(instance.instanceId(), Feasibility.explain(instance, nodes)));
                continue;
            }
            int port = best.nextFreePort();
            best.reserve(instance, port);
            bindings.add(new Binding(instance.instanceId(), best.name(), best.node().address(), port));
        }
        return new PlacementPlan(bindings, unplaced);
    }

    /** @return the feasible node with the highest score (the first by name on a tie), or null when none fits */
    private static NodeLoad pick(PendingInstance instance, List<NodeLoad> nodesByName) {
        NodeLoad best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (NodeLoad node : nodesByName) {
            if (!Feasibility.fits(instance, node)) {
                continue;
            }
            double score = Ranking.score(instance, node);
            if (best == null || score > bestScore) {
                best = node;
                bestScore = score;
            }
        }
        return best;
    }
}
