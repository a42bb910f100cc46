package dev.plinth.nodemanager.registry;

/** What placement may do with a node. */
public enum NodeState {
    /** Heartbeating and open for new instances. */
    READY,
    /**
     * Heartbeating, but its agent cannot isolate instances as its inventory entry requires (no
     * bubblewrap, no namespaces, not root, no cgroup controllers); it takes no instances. Its
     * heartbeat says why and how to fix it.
     */
    NOT_READY,
    /** Its instances are being moved off; it takes no new ones. */
    DRAINING,
    /** Keeps its instances but takes no new ones. */
    CORDONED,
    /** Its heartbeats stopped; its instances count as gone. */
    LOST,
    /** In the inventory, but its agent has never reported. */
    UNKNOWN
}
