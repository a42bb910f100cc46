/**
 * Health checks of running instances: an HTTP {@code GET} of the app's health path on its port,
 * every second until it first answers 2xx, then at the app's interval. The decisions live in the
 * pure {@link dev.plinth.agent.health.HealthTracker}; the probing in
 * {@link dev.plinth.agent.health.HealthChecker}.
 */
@Configuration
@Requires(property = "plinth.agent.enabled", value = "true")
package dev.plinth.agent.health;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
