package dev.plinth.deployer.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Rule 7, first half: which node each replacement should avoid. */
final class PlacementHints {

    private PlacementHints() {
    }

    /**
     * Nodes new instances should avoid, one per replaced predecessor: those replaced in this
     * pass first, then earlier failures of this generation within the window, most recent first.
     * The i-th creation of a pass avoids the i-th of these.
     *
     * @param replacedNow   instances stopped in this pass because they failed or their node was lost
     * @param failures      the current generation's failures
     * @param failureWindow how far back a failure still counts
     * @param now           the time of the pass
     * @return the predecessors' nodes, an entry null where a predecessor was never placed
     */
    static List<String> predecessorNodes(List<InstanceView> replacedNow, List<Failure> failures,
                                         Duration failureWindow, Instant now) {
        List<InstanceView> predecessors = new ArrayList<>(replacedNow.stream()
                .sorted(Comparator.comparing((InstanceView i) -> i.changedAt() == null ? now : i.changedAt())
                        .reversed().thenComparing(InstanceView::id))
                .toList());
        Instant windowStart = now.minus(failureWindow);
        failures.stream()
                .filter(f -> f.at().isAfter(windowStart) && !replacedNow.contains(f.instance()))
                .sorted(Comparator.comparing(Failure::at).reversed()
                        .thenComparing(f -> f.instance().id()))
                .forEach(f -> predecessors.add(f.instance()));
        return predecessors.stream().map(InstanceView::node).toList();
    }
}
