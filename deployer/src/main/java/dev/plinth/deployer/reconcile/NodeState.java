package dev.plinth.deployer.reconcile;

/** A node's {@code state} field as node-manager writes it; the deployer only reads it. */
public enum NodeState {
    /** Heartbeating and open for new instances. */
    READY,
    /** Heartbeating, but it cannot isolate instances, so it takes none (and runs none). */
    NOT_READY,
    /** Its instances must move elsewhere. */
    DRAINING,
    /** Keeps its instances, takes no new ones. */
    CORDONED,
    /** Its heartbeats stopped; its instances count as gone. */
    LOST,
    /** Not heard from yet, or a state this deployer does not know. */
    UNKNOWN;

    /**
     * @param value the stored text, may be null
     * @return the state, {@link #UNKNOWN} for null or unknown text
     */
    public static NodeState parse(String value) {
        if (value == null) {
            return UNKNOWN;
        }
        try {
            return valueOf(value);
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
