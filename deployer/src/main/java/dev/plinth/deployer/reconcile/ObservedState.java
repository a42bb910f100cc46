package dev.plinth.deployer.reconcile;

/**
 * An instance's {@code state} field as node-manager records it: {@code PENDING} until an agent
 * reports, then what the agent said ({@link dev.plinth.contracts.events.InstanceState}).
 */
public enum ObservedState {
    /** Not started yet (not placed, or the start command not answered). */
    PENDING,
    /** Started, health check not passed yet. */
    STARTING,
    /** Its health check passes. */
    HEALTHY,
    /** Its health check failed too often, or never passed within its startup time. */
    UNHEALTHY,
    /** Its process ended on its own. */
    EXITED,
    /** Stopped on command. */
    STOPPED,
    /** Could not be started at all. */
    FAILED;

    /** @return true when the instance runs no more */
    public boolean terminal() {
        return this == EXITED || this == STOPPED || this == FAILED;
    }

    /** @return true when this state says the app itself failed (not that someone stopped it) */
    public boolean failure() {
        return this == UNHEALTHY || this == EXITED || this == FAILED;
    }
}
