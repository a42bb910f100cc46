package dev.plinth.nodemanager.placement;

/**
 * An instance that no node can take now.
 *
 * @param instanceId the instance
 * @param reason     why no node fits, in words an operator can act on,
 *                   e.g. {@code needs 2.0 cpu, most free on any ready node is 1.5 (node-2)}
 */
public record Unplaced(String instanceId, String reason) {
}
