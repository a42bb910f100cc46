package dev.plinth.contracts.inventory;

/** Where a node's agent runs. */
public enum NodeKind {
    /** The agent runs inside {@code plinth up} on this machine. */
    LOCAL,
    /** The agent runs on its own machine, started with {@code plinth agent --node NAME}. */
    REMOTE
}
