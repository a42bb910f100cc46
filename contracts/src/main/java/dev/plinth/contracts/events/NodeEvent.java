package dev.plinth.contracts.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * A node's state changed, as node-manager decided it (a heartbeat stopped, an admin drained or
 * cordoned it, it came back). It wakes the deployer for the deployments with instances on that
 * node; the {@code nodes} document is the truth. Published on {@link Topics#NODE_EVENTS}, keyed by
 * node id.
 *
 * @param eventId       unique id of this event
 * @param nodeId        the node
 * @param state         its state now: {@code READY}, {@code NOT_READY}, {@code DRAINING},
 *                      {@code CORDONED}, {@code LOST} or {@code UNKNOWN}
 * @param previousState its state before, or null when unknown
 * @param timestamp     when node-manager saw the change
 */
@Serdeable
public record NodeEvent(String eventId, String nodeId, String state, @Nullable String previousState, Instant timestamp) {

    /** @return true when the node's instances must move: it is lost or draining */
    public boolean instancesMustMove() {
        return "LOST".equals(state) || "DRAINING".equals(state);
    }
}
