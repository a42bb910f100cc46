package dev.plinth.contracts.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * A command to one node agent. Published on {@link Topics#NODE_COMMANDS}, keyed by node id.
 * Agents carry out a command once per idempotency key and ignore commands for an older
 * generation of the instance than the one they run.
 *
 * @param commandId      unique id of this message
 * @param idempotencyKey the same for every retry of the same intent, as {@code start:inst-1:3}
 * @param type           what to do
 * @param nodeId         the node whose agent must act
 * @param instanceId     the instance
 * @param generation     the desired generation of the instance this command brings about
 * @param spec           what to start, for {@link Type#START_INSTANCE}; null otherwise
 * @param reason         why, for stops; may be null
 * @param timestamp      when it was issued
 * @param fence          the sender's fencing token: node-manager's lease token when it sent the command.
 *                       An agent ignores a command whose fence is lower than the highest it has seen, so a
 *                       command from a node-manager that lost its lease cannot undo a newer holder's.
 *                       0 means unfenced (a sender without a lease); it is always carried out.
 */
@Serdeable
public record NodeCommand(String commandId, String idempotencyKey, Type type, String nodeId, String instanceId,
                          long generation, @Nullable InstanceSpec spec, @Nullable String reason, Instant timestamp,
                          long fence) {

    /** What the agent must do. */
    public enum Type {
        /** Fetch the artifact, start the instance, check its health. */
        START_INSTANCE,
        /** Stop the instance: SIGTERM, then SIGKILL after a grace period. */
        STOP_INSTANCE
    }
}
