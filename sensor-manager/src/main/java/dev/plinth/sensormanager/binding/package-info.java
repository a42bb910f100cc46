/** Bindings of deployed apps to devices: the pure rules that choose devices for a requirement, the loop that keeps bindings in step with active deployments and registered devices, and the in-memory index the delivery and command paths read. */
@Configuration
@Requires(property = "plinth.subsystems.sensor-manager.enabled", value = "true")
package dev.plinth.sensormanager.binding;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
