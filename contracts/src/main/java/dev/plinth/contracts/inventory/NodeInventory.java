package dev.plinth.contracts.inventory;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Optional;

/**
 * The nodes a platform runs apps on.
 *
 * @param nodes every node, names unique
 */
@Serdeable
public record NodeInventory(List<NodeSpec> nodes) {

    public NodeInventory {
        nodes = List.copyOf(nodes);
    }

    /** @return the node with that name, if any */
    public Optional<NodeSpec> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /** @return the nodes whose agents run inside {@code plinth up} */
    public List<NodeSpec> localNodes() {
        return nodes.stream().filter(n -> n.kind() == NodeKind.LOCAL).toList();
    }
}
