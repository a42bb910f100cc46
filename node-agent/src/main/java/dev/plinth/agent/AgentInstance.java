package dev.plinth.agent;

import dev.plinth.contracts.events.InstanceSpec;
import dev.plinth.contracts.events.InstanceState;
import dev.plinth.contracts.events.InstanceStatus;
import dev.plinth.agent.health.HealthChecker;

import java.time.Instant;
import java.util.UUID;

/**
 * One instance this agent was told to start, from the command until it is forgotten. Its state
 * only moves forward: once ended ({@link InstanceState#terminal()}) it never changes again, so a
 * late health probe or a second exit report cannot undo an end that was already reported.
 */
final class AgentInstance {

    final InstanceSpec spec;
    final long generation;
    private final String nodeId;
    private final String nodeAddress;
    /** The address the runtime gave it (the inner end of its network namespace), or null: it listens on the node's. */
    private volatile String ownAddress;
    private InstanceState state;
    private Instant stateAt;
    private Integer exitCode;
    private String message;
    /** A stop was asked for; what the start is doing is abandoned at its next step. */
    volatile boolean stopRequested;
    /** The runtime launched it (so stopping it means asking the runtime). */
    volatile boolean launched;
    volatile HealthChecker.Watch watch;

    AgentInstance(InstanceSpec spec, long generation, String nodeId, String host) {
        this.spec = spec;
        this.generation = generation;
        this.nodeId = nodeId;
        this.nodeAddress = host;
    }

    /** @param address the address the runtime gave it (the inner end of its network namespace) */
    void reachableAt(String address) {
        this.ownAddress = address;
    }

    /** @return the address the runtime gave it, or null when it listens on the node's */
    String ownAddress() {
        return ownAddress;
    }

    /** @return where its port is reachable, as reported */
    String host() {
        String own = ownAddress;
        return own != null ? own : nodeAddress;
    }

    String id() {
        return spec.instanceId();
    }

    /**
     * Moves to a new state.
     *
     * @return the status to report, or null when nothing changed or the instance has already ended
     */
    synchronized InstanceStatus moveTo(InstanceState next, Integer exitCode, String message, Instant at) {
        if (ended() || next == state) {
            return null;
        }
        this.state = next;
        this.stateAt = at;
        this.exitCode = exitCode;
        this.message = message;
        return current();
    }

    /**
     * @return the current state as a fresh report carrying the time of the change it describes, or
     *         null before the first state
     */
    synchronized InstanceStatus current() {
        if (state == null) {
            return null;
        }
        return new InstanceStatus(UUID.randomUUID().toString(), spec.instanceId(), nodeId, spec.app(),
                spec.deploymentId(), spec.version(), generation, state, host(), spec.port(), exitCode, message, stateAt);
    }

    synchronized InstanceState state() {
        return state;
    }

    synchronized boolean ended() {
        return state != null && state.terminal();
    }

    /** @return when it ended, or null while it has not */
    synchronized Instant endedAt() {
        return ended() ? stateAt : null;
    }

    void stopHealthChecks() {
        HealthChecker.Watch current = watch;
        if (current != null) {
            current.cancel();
        }
    }
}
