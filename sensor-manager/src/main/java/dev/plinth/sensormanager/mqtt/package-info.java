/** sensor-manager's link to the MQTT broker devices and apps talk to. */
@Configuration
@Requires(property = "plinth.subsystems.sensor-manager.enabled", value = "true")
package dev.plinth.sensormanager.mqtt;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
