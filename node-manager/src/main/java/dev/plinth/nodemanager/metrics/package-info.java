/** node-manager's Prometheus meters: nodes and instances by state. */
@Configuration
@Requires(property = "plinth.subsystems.node-manager.enabled", value = "true")
package dev.plinth.nodemanager.metrics;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
