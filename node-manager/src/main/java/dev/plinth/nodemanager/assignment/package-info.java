/**
 * Assigning instances to nodes, the placement loop's edges around the pure planner of
 * {@code placement}: {@link dev.plinth.nodemanager.assignment.PlacementInputs} turns the registry and
 * the instance documents into the planner's inputs, {@link dev.plinth.nodemanager.assignment.Assigner}
 * runs the planner and writes each instance's node and port back with conditional updates.
 * (Binding sensors to apps is sensor-manager's {@code binding}, a different thing.)
 */
@Configuration
@Requires(property = "plinth.subsystems.node-manager.enabled", value = "true")
package dev.plinth.nodemanager.assignment;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
