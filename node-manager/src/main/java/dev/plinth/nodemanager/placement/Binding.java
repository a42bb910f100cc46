package dev.plinth.nodemanager.placement;

/**
 * The decision to run an instance on a node, listening on a port.
 *
 * @param instanceId the instance
 * @param node       the node's name
 * @param address    the node's address
 * @param port       the port the instance gets: the first free one in the node's range after the one last given out
 */
public record Binding(String instanceId, String node, String address, int port) {
}
