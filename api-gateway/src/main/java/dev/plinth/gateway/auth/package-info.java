/** Sign-in with LDAP, tokens, self-registration and user administration. */
@Configuration
@Requires(property = "plinth.subsystems.api-gateway.enabled", value = "true")
package dev.plinth.gateway.auth;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
