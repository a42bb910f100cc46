/** The registry: sensor and controller types, devices, their tokens, and an in-memory directory of both for the ingestion path. */
@Configuration
@Requires(property = "plinth.subsystems.sensor-manager.enabled", value = "true")
package dev.plinth.sensormanager.registry;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
