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

    /** @return how far an alive instance got, so the least advanced are stopped first; -1 for the others */
    int progress() {
        return switch (this) {
            case PENDING -> 0;
            case STARTING -> 1;
            case HEALTHY -> 2;
            default -> -1;
        };
    }
}
