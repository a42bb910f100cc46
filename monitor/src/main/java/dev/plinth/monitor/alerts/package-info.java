/**
 * Alerts: taken from {@code platform.alerts} into the {@code alerts} collection, repeats folded
 * into the open alert of the same kind and subject, resolutions applied, closed alerts swept after
 * the retention, and each new alert sent to the webhook when one is set.
 */
@Configuration
@Requires(property = "plinth.subsystems.monitor.enabled", value = "true")
package dev.plinth.monitor.alerts;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
