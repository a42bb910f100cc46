/** The node registry: the inventory's nodes and what their agents' heartbeats say of them. */
@Configuration
@Requires(property = "plinth.subsystems.node-manager.enabled", value = "true")
package dev.plinth.nodemanager.registry;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
