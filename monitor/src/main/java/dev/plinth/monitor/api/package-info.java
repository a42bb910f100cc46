/**
 * The monitor's HTTP API: alerts ({@code /api/alerts}), limited to what the caller may see, and the
 * platform summary for the console ({@code /api/metrics/summary}).
 */
@Configuration
@Requires(property = "plinth.subsystems.monitor.enabled", value = "true")
package dev.plinth.monitor.api;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
