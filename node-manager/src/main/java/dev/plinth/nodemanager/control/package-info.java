/**
 * The control loop of node-manager: every second, and when something changed, it syncs the node
 * registry with MongoDB, then, in the one process holding the {@code node-manager} lease, places
 * unbound instances and dispatches commands, its writes fenced with the lease's token.
 */
@Configuration
@Requires(property = "plinth.subsystems.node-manager.enabled", value = "true")
package dev.plinth.nodemanager.control;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
