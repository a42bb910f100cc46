/** The gateway's health: the whole platform's, gathered from every subsystem and every piece of infrastructure. */
@Configuration
@Requires(property = "plinth.subsystems.api-gateway.enabled", value = "true")
package dev.plinth.gateway.health;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
