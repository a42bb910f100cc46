/**
 * The HTTP proxy to app instances at {@code /apps/{name}/**}: the filter that sends a request to an
 * instance and retries when that is safe, the path and headers an app sees, the gateway's own error
 * answers, and the proxy's counts and Prometheus meters.
 */
@Configuration
@Requires(property = "plinth.subsystems.api-gateway.enabled", value = "true")
package dev.plinth.gateway.apps.proxy;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
