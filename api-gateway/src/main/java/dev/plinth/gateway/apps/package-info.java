/**
 * The load-balanced proxy to app instances at {@code /apps/{name}/**}: the table of healthy
 * endpoints (fed by {@code instance.status} and resynced from MongoDB), the HTTP proxy, and the
 * WebSocket tunnel.
 */
@Configuration
@Requires(property = "plinth.subsystems.api-gateway.enabled", value = "true")
package dev.plinth.gateway.apps;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
