/**
 * sensor-manager: the registry of sensor and controller types and devices, ingestion of readings
 * (MQTT and HTTP), their history, the binding of deployed apps to devices, delivery of readings to
 * apps and commands from apps to controllers. Each sub-package is one of these concerns; the
 * settings and pipeline counters shared by them live here.
 */
@Configuration
@Requires(property = "plinth.subsystems.sensor-manager.enabled", value = "true")
package dev.plinth.sensormanager;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
