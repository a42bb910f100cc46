package dev.plinth.contracts.events;

/** The observed state of an instance, as its agent reports it. */
public enum InstanceState {
    /** Started, its health check not yet passed. */
    STARTING,
    /** Its health check passes; it takes traffic. */
    HEALTHY,
    /** Its health check failed the threshold number of times in a row. */
    UNHEALTHY,
    /** Its process or container ended on its own; the exit code says how. */
    EXITED,
    /** Stopped on command. */
    STOPPED,
    /** Could not be started at all (artifact, checksum, runtime or port problem). */
    FAILED;

    /** @return true when the instance runs no more */
    public boolean terminal() {
        return this == EXITED || this == STOPPED || this == FAILED;
    }
}
