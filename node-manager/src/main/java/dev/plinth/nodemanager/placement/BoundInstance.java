package dev.plinth.nodemanager.placement;

import java.util.Objects;

/**
 * An instance already bound to a node. It holds part of the node's capacity and one of its ports.
 *
 * @param instanceId the instance
 * @param app        the app it belongs to. Ranking spreads one app's instances across nodes.
 * @param cpu        cores it reserves
 * @param memoryMb   memory it reserves, in MB
 * @param port       the port it listens on
 */
public record BoundInstance(String instanceId, String app, double cpu, int memoryMb, int port) {

    public BoundInstance {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(app, "app");
        if (!(cpu >= 0) || memoryMb < 0) {
            throw new IllegalArgumentException("instance " + instanceId + ": cpu and memoryMb must not be negative");
        }
    }
}
