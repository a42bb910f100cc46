package dev.plinth.nodemanager.registry;

import dev.plinth.contracts.events.NodeHeartbeat;
import dev.plinth.contracts.inventory.NodeSpec;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * What the registry knows of a node.
 *
 * @param spec          its inventory entry
 * @param state         its state now
 * @param lastHeartbeat its agent's last heartbeat, null when it never reported
 * @param seenAt        when that heartbeat arrived
 */
@Serdeable
public record NodeView(NodeSpec spec, NodeState state, @Nullable NodeHeartbeat lastHeartbeat, @Nullable Instant seenAt) {
}
