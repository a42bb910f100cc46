/**
 * Deployment schedules: once at an instant, or recurring by a Unix cron expression with an optional
 * run length or end. The scheduler loop fires due schedules exactly once across every app-controller
 * process by claiming them atomically in MongoDB, where all their state lives.
 */
@Configuration
@Requires(property = "plinth.subsystems.app-controller.enabled", value = "true")
package dev.plinth.appcontroller.schedules;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
