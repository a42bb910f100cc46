package dev.plinth.nodemanager.registry;

import dev.plinth.contracts.events.NodeHeartbeat;
import dev.plinth.contracts.inventory.Isolation;
import dev.plinth.contracts.inventory.NodeSpec;
import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/**
 * What the registry knows of a node.
 *
 * @param spec          its inventory entry
 * @param state         its state now: {@link NodeState#LOST} or {@link NodeState#UNKNOWN} when its agent is
 *                      silent, else what the admin state makes of a heartbeating node
 * @param adminState    what an admin decided
 * @param lastHeartbeat its agent's last heartbeat, null when none arrived since node-manager started
 * @param seenAt        when its last heartbeat arrived, null when never
 * @param isolationProblems why its agent cannot isolate instances (each with its fix) when it is
 *                      {@link NodeState#NOT_READY}; empty otherwise
 */
@Serdeable
public record NodeView(NodeSpec spec, NodeState state, AdminState adminState, @Nullable NodeHeartbeat lastHeartbeat,
                       @Nullable Instant seenAt, List<String> isolationProblems) {

    @Creator
    public NodeView {
        isolationProblems = isolationProblems == null ? List.of() : List.copyOf(isolationProblems);
    }

    /** A node with the isolation problems its last heartbeat reported, if any. */
    public NodeView(NodeSpec spec, NodeState state, AdminState adminState, @Nullable NodeHeartbeat lastHeartbeat,
                    @Nullable Instant seenAt) {
        this(spec, state, adminState, lastHeartbeat, seenAt,
                lastHeartbeat == null ? List.of() : lastHeartbeat.isolationProblems());
    }

    /** @return the node's name */
    public String name() {
        return spec.name();
    }

    /**
     * @return whether its instances run unconfined: its inventory entry says {@code isolation: none},
     * or its agent says so (the agent's inventory decides what it does)
     */
    public boolean unconfined() {
        return spec.isolation() == Isolation.NONE || (lastHeartbeat != null && lastHeartbeat.unconfined());
    }

    /** @return whether its agent is heartbeating, so commands reach it */
    public boolean live() {
        return state != NodeState.LOST && state != NodeState.UNKNOWN;
    }
}
