/**
 * WebSockets to app instances: a Netty handler takes upgrade requests for {@code /apps/{name}/**}
 * out of Micronaut's hands, tunnels each to a healthy instance, then relays bytes both ways.
 */
@Configuration
@Requires(property = "plinth.subsystems.api-gateway.enabled", value = "true")
package dev.plinth.gateway.apps.websocket;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
