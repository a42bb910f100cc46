/**
 * Apps at {@code /apps/{name}/**}, load-balanced over their healthy instances:
 * {@code endpoints} knows where instances are and picks one, {@code proxy} forwards HTTP requests,
 * {@code websocket} tunnels WebSocket upgrades.
 */
@Configuration
@Requires(property = "plinth.subsystems.api-gateway.enabled", value = "true")
package dev.plinth.gateway.apps;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
