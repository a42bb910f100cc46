/** The gateway's Prometheus meters: the app proxy's latency and requests, per app. */
@Configuration
@Requires(property = "plinth.subsystems.api-gateway.enabled", value = "true")
package dev.plinth.gateway.metrics;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
