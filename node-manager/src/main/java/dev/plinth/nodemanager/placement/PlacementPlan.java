package dev.plinth.nodemanager.placement;

import java.util.List;

/**
 * The result of one planning pass. Every pending instance appears once, either bound or unplaced,
 * in the order it was placed.
 *
 * @param bindings instances that got a node and a port
 * @param unplaced instances that got none, each with the reason
 */
public record PlacementPlan(List<Binding> bindings, List<Unplaced> unplaced) {

    public PlacementPlan {
        bindings = List.copyOf(bindings);
        unplaced = List.copyOf(unplaced);
    }
}
