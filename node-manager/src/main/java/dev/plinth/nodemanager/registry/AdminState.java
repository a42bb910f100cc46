package dev.plinth.nodemanager.registry;

/** What an admin decided for a node; it survives restarts (stored as {@code adminState} in {@code nodes}). */
public enum AdminState {
    /** Open for new instances when its agent reports. */
    ACTIVE,
    /** Its instances are to be moved off (the deployer does it); no new ones. */
    DRAINING,
    /** Keeps its instances, takes no new ones. */
    CORDONED
}
