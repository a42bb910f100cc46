/**
 * The placement loop's edges: {@link dev.plinth.nodemanager.binding.PlacementInputs} turns the registry
 * and the instance documents into the pure planner's inputs, {@link dev.plinth.nodemanager.binding.Binder}
 * runs the planner and writes its bindings back with conditional updates.
 */
@Configuration
@Requires(property = "plinth.subsystems.node-manager.enabled", value = "true")
package dev.plinth.nodemanager.binding;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
