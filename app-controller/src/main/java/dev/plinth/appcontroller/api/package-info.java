/**
 * The app-controller's HTTP API, reached through the gateway under {@code /api/apps},
 * {@code /api/contract} and {@code /api/artifacts}. Controllers only translate HTTP to service calls
 * and records to JSON response bodies ({@link dev.plinth.appcontroller.api.AppResponses}).
 */
@Configuration
@Requires(property = "plinth.subsystems.app-controller.enabled", value = "true")
package dev.plinth.appcontroller.api;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
