package dev.plinth.deployer.reconcile;

/** An instance's {@code desired} field: whether the deployer wants it to run. */
public enum Desired {
    /** It should run. */
    RUN,
    /** It should stop (and, once terminal, it is history). */
    STOP
}
