/**
 * The {@code docker} runtime: an instance is a container of the node's Docker engine (docker-java),
 * in a network namespace of the platform's own unless the node runs unconfined.
 */
@Configuration
@Requires(property = "plinth.agent.enabled", value = "true")
@Requires(property = "plinth.agent.runtime", value = "docker")
package dev.plinth.agent.runtime.docker;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
