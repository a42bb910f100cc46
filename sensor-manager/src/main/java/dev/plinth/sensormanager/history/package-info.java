/** The history of readings: stored from Kafka into MongoDB in batches, read back by time, and removed after the retention. */
@Configuration
@Requires(property = "plinth.subsystems.sensor-manager.enabled", value = "true")
package dev.plinth.sensormanager.history;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
