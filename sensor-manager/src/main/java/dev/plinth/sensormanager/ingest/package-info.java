/** Ingestion of readings from devices, over MQTT and HTTP: each reading is checked against its device and type, accepted ones go to Kafka, rejected ones are counted and, past a threshold, alerted. */
@Configuration
@Requires(property = "plinth.subsystems.sensor-manager.enabled", value = "true")
package dev.plinth.sensormanager.ingest;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
