/** Delivery of accepted readings to the apps bound to their sensors, over MQTT. */
@Configuration
@Requires(property = "plinth.subsystems.sensor-manager.enabled", value = "true")
package dev.plinth.sensormanager.delivery;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
