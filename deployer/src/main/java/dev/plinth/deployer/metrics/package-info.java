/** The deployer's Prometheus meters: deployments by status. */
@Configuration
@Requires(property = "plinth.subsystems.deployer.enabled", value = "true")
package dev.plinth.deployer.metrics;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
