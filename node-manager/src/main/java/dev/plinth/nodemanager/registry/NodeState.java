package dev.plinth.nodemanager.registry;

/** What placement may do with a node. */
public enum NodeState {
    /** Heartbeating and open for new instances. */
    READY,
    /** Its instances are being moved off; it takes no new ones. */
    DRAINING,
    /** Keeps its instances but takes no new ones. */
    CORDONED,
    /** Its heartbeats stopped; its instances count as gone. */
    LOST,
    /** In the inventory, but its agent has never reported. */
    UNKNOWN
}
