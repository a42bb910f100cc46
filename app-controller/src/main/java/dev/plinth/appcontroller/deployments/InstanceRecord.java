package dev.plinth.appcontroller.deployments;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * An instance of a deployment, as the deployer and node-manager record it in {@code instances}.
 * The app-controller only reads it, to show developers where their app runs.
 *
 * @param id      the instance id
 * @param version the app version it runs
 * @param desired RUN or STOP, as the deployer wants
 * @param state   what its agent last reported, PENDING before it started
 * @param node    the node it is placed on, null until placed
 * @param address the address its port is reached on, null until placed
 * @param port    its port, null until placed
 * @param message a detail from its agent or from placement, may be null
 * @param stateAt when its state last changed
 */
public record InstanceRecord(String id, String version, String desired, String state, @Nullable String node,
                             @Nullable String address, @Nullable Integer port, @Nullable String message,
                             @Nullable Instant stateAt) {
}
