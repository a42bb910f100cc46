package dev.plinth.deployer.reconcile;

/** The deployment's {@code status} field, which only the deployer writes. */
public enum DeploymentStatus {
    /** Nothing of the desired version serves yet. */
    PENDING,
    /** Instances of the desired version are being started, or old ones replaced. */
    ROLLING_OUT,
    /** Every desired instance runs the desired version and is healthy. */
    RUNNING,
    /** Fewer instances are healthy than desired, for longer than the grace period. */
    DEGRADED,
    /** A rollout failed and was rolled back, or a first version never became healthy. */
    FAILED,
    /** The deployment is inactive; its instances were asked to stop. */
    STOPPED
}
