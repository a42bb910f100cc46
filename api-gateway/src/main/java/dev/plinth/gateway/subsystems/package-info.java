/** The subsystems behind {@code /api/...}: which subsystem owns which path, where each listens, and the filter that forwards to it. */
@Configuration
@Requires(property = "plinth.subsystems.api-gateway.enabled", value = "true")
package dev.plinth.gateway.subsystems;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
