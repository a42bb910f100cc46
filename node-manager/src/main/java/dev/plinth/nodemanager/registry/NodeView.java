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
 * @param state         its state now: {@link NodeState#LOST} or {@link NodeState#UNKNOWN} when its agent is
 *                      silent, else what the admin state makes of a heartbeating node
 * @param adminState    what an admin decided
 * @param lastHeartbeat its agent's last heartbeat, null when none arrived since node-manager started
 * @param seenAt        when its last heartbeat arrived, null when never
 */
@Serdeable
public record NodeView(NodeSpec spec, NodeState state, AdminState adminState, @Nullable NodeHeartbeat lastHeartbeat,
                       @Nullable Instant seenAt) {

    /** @return the node's name */
    public String name() {
        return spec.name();
    }

    /** @return whether its agent is heartbeating, so commands reach it */
    public boolean live() {
        return state != NodeState.LOST && state != NodeState.UNKNOWN;
    }
}
