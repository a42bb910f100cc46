package dev.plinth.deployer.reconcile;

import dev.plinth.deployer.reconcile.Action.CreateInstance;
import dev.plinth.deployer.reconcile.Action.StopInstance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Rule 5, the steady state (nothing outgoing): creates the missing keepers at once, or stops the
 * extras, least advanced and newest first.
 */
final class Scale {

    private static final Comparator<InstanceView> LEAST_ADVANCED_NEWEST_FIRST =
            Comparator.comparingInt((InstanceView i) -> i.state().progress())
                    .thenComparing(InstanceView::createdAt, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()).reversed())
                    .thenComparing(InstanceView::id, Comparator.reverseOrder());

    private Scale() {
    }

    /**
     * @param deployment       an active deployment
     * @param keepers          its keepers
     * @param predecessorNodes from {@link PlacementHints}: the i-th creation avoids the i-th node
     * @param mayCreate        false while backing off or given up
     * @return the stops and creations that bring the keepers to the desired count
     */
    static Changes toDesired(DeploymentView deployment, List<InstanceView> keepers, List<String> predecessorNodes,
                             boolean mayCreate) {
        int missing = deployment.instances() - keepers.size();
        if (missing > 0 && mayCreate) {
            List<CreateInstance> creates = new ArrayList<>();
            for (int n = 0; n < missing; n++) {
                String avoid = n < predecessorNodes.size() ? predecessorNodes.get(n) : null;
                creates.add(Changes.newInstance(deployment, avoid == null ? Set.of() : Set.of(avoid)));
            }
            return new Changes(List.of(), creates);
        }
        if (missing < 0) {
            List<StopInstance> stops = keepers.stream()
                    .sorted(LEAST_ADVANCED_NEWEST_FIRST)
                    .limit(-missing)
                    .map(i -> new StopInstance(i.id(), StopReason.SCALE_DOWN))
                    .toList();
            return new Changes(stops, List.of());
        }
        return Changes.NONE;
    }
}
