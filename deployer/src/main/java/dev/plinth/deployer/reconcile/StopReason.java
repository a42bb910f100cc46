package dev.plinth.deployer.reconcile;

/** Why the deployer set an instance's {@code desired} to {@code STOP}; stored as {@link #value()}. */
public enum StopReason {
    /** More instances run than desired. */
    SCALE_DOWN("scale-down"),
    /** A newer version took its place, or it stopped on its own while it should run. */
    REPLACED("replaced"),
    /** Its version failed during a rollout and the deployment went back to the stable version. */
    ROLLBACK("rollback"),
    /** The deployment is inactive. */
    STOPPED("stopped"),
    /** Its node is lost; if the node comes back, node-manager stops it there. */
    NODE_LOST("node-lost"),
    /** Its node is draining and its replacement is healthy. */
    DRAIN("drain"),
    /** It failed: unhealthy, exited or could not start. */
    UNHEALTHY("unhealthy");

    private final String value;

    StopReason(String value) {
        this.value = value;
    }

    /** @return the text stored in {@code stopReason} */
    public String value() {
        return value;
    }

    /**
     * @param value the stored text, may be null
     * @return the reason, or null for null or unknown text
     */
    public static StopReason parse(String value) {
        for (StopReason reason : values()) {
            if (reason.value.equals(value)) {
                return reason;
            }
        }
        return null;
    }
}
