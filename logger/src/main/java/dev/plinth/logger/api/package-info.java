/** The HTTP API: searching stored log lines and following new ones, limited to what the caller may see. */
@Configuration
@Requires(property = "plinth.subsystems.logger.enabled", value = "true")
package dev.plinth.logger.api;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
