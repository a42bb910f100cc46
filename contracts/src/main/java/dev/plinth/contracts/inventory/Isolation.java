package dev.plinth.contracts.inventory;

/**
 * Whether a node must isolate the instances it runs. Uploaded code is hostile, so isolation is
 * required unless the inventory says {@code isolation: none} for that node.
 */
public enum Isolation {
    /**
     * The default: instances run sandboxed, in their own namespaces, within cgroup limits. A node
     * whose agent cannot do that reports itself not ready, and nothing is placed on it.
     */
    REQUIRED,
    /**
     * Instances run unconfined, as the agent's user, with limits only where the host allows them.
     * Only for trusted code; shown as a warning wherever the node appears.
     */
    NONE
}
