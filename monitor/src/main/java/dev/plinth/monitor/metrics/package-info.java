/** The monitor's Prometheus meters: open alerts by kind, heartbeat lag per node and subsystem. */
@Configuration
@Requires(property = "plinth.subsystems.monitor.enabled", value = "true")
package dev.plinth.monitor.metrics;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
