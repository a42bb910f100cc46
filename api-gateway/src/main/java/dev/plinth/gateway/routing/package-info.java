/** Routing of {@code /api/...} to the subsystem that owns each path. */
@Configuration
@Requires(property = "plinth.subsystems.api-gateway.enabled", value = "true")
package dev.plinth.gateway.routing;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
