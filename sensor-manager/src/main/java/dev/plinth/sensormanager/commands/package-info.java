/** Commands from apps to the controllers bound to them, over MQTT and HTTP, checked against the app's bindings. */
@Configuration
@Requires(property = "plinth.subsystems.sensor-manager.enabled", value = "true")
package dev.plinth.sensormanager.commands;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
