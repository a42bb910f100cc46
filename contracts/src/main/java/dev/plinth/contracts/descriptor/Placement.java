package dev.plinth.contracts.descriptor;

import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * Constraints on the nodes that may run an app.
 *
 * @param labels every label here must be on a node, with the same value, for the node to be eligible
 */
@Serdeable
public record Placement(Map<String, String> labels) {

    public Placement {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
