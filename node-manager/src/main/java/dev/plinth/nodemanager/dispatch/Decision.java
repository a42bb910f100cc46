package dev.plinth.nodemanager.dispatch;

import dev.plinth.nodemanager.instances.InstanceRecord;

/** One thing the dispatcher decided to do. */
public sealed interface Decision {

    /**
     * Send a START for a bound instance that should run and was never started (or whose start got no
     * answer in time).
     *
     * @param instance the instance
     */
    record Start(InstanceRecord instance) implements Decision {
    }

    /**
     * Send a STOP to a node.
     *
     * @param node       the node
     * @param instanceId the instance
     * @param generation its generation, 0 when the platform does not know it
     * @param reason     why, for the agent's log
     */
    record Stop(String node, String instanceId, long generation, String reason) implements Decision {
    }

    /**
     * Record as stopped an instance that should not run and was never sent a start: nothing runs
     * anywhere, and no agent will ever report on it.
     *
     * @param instanceId the instance
     */
    record EndNeverStarted(String instanceId) implements Decision {
    }
}
