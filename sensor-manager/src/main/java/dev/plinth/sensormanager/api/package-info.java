/** The HTTP API of sensor-manager: controllers that translate requests into calls of the registry, ingestion, history, binding and command services. */
@Configuration
@Requires(property = "plinth.subsystems.sensor-manager.enabled", value = "true")
package dev.plinth.sensormanager.api;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
