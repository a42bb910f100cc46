package dev.plinth.nodemanager.placement;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Every node placement may consider, read at one moment. Planning works on this copy and never
 * on live state, so one plan sees one consistent view.
 *
 * @param nodes the nodes. Names must be unique.
 */
public record ClusterSnapshot(List<NodeSnapshot> nodes) {

    public ClusterSnapshot {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        Set<String> names = new HashSet<>();
        for (NodeSnapshot node : nodes) {
            Objects.requireNonNull(node, "node");
            if (!names.add(node.name())) {
                throw new IllegalArgumentException("two nodes are called '" + node.name() + "'");
            }
        }
    }
}
