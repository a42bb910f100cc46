/**
 * Where the instances of every app are: the table of healthy endpoints the proxy and the WebSocket
 * tunnel route across ({@link dev.plinth.gateway.apps.endpoints.AppEndpoints}, the place where an
 * instance is picked), fed at once by {@code instance.status} and rebuilt from MongoDB every few
 * seconds.
 */
@Configuration
@Requires(property = "plinth.subsystems.api-gateway.enabled", value = "true")
package dev.plinth.gateway.apps.endpoints;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
