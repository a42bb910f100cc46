/**
 * The admins' node console API: the nodes with their capacity, load and instances, and cordoning,
 * draining and uncordoning them; the instances of the platform.
 */
@Configuration
@Requires(property = "plinth.subsystems.node-manager.enabled", value = "true")
package dev.plinth.nodemanager.api;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
