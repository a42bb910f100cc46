package dev.plinth.deployer.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the reconciler needs of one {@code instances} document.
 *
 * @param id         the instance id
 * @param version    the app version it runs
 * @param generation the deployment generation it was created for
 * @param desired    whether the deployer wants it to run
 * @param stopReason why it should stop, null while it should run (or for unknown text)
 * @param node       the node it was placed on, null until placed
 * @param state      what node-manager last recorded
 * @param stateAt    when {@code state} last changed, may be null
 * @param createdAt  when the deployer created it, may be null
 * @param exitCode   its exit code when it exited, else null
 * @param message    the agent's detail for its state, may be null
 * @param avoidNodes nodes its placement had to avoid
 */
public record InstanceView(String id, String version, long generation, Desired desired, StopReason stopReason,
                           String node, ObservedState state, Instant stateAt, Instant createdAt, Integer exitCode,
                           String message, List<String> avoidNodes) {

    public InstanceView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        desired = desired == null ? Desired.RUN : desired;
        state = state == null ? ObservedState.PENDING : state;
        avoidNodes = avoidNodes == null ? List.of() : List.copyOf(avoidNodes);
    }

    /** @return true when the deployer wants it to run */
    public boolean wanted() {
        return desired == Desired.RUN;
    }

    /** @return when its state last changed, else when it was created, else null */
    public Instant changedAt() {
        return stateAt != null ? stateAt : createdAt;
    }

    /** @return "instance I on node N: what happened", for reasons people read */
    public String describeFailure() {
        String where = node == null ? "instance " + id + " (not placed)" : "instance " + id + " on node " + node;
        return where + ": " + (message != null && !message.isBlank() ? message.strip() : describeState());
    }

    private String describeState() {
        return switch (state) {
            case EXITED -> exitCode == null ? "exited" : "exited with code " + exitCode;
            case FAILED -> "could not be started";
            case UNHEALTHY -> "health check failed";
            case STOPPED -> "stopped";
            default -> state.name().toLowerCase();
        };
    }
}
