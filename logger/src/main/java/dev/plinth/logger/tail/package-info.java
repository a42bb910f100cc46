/** The live tail: every stored log line handed to whoever is watching, without holding up ingestion. */
@Configuration
@Requires(property = "plinth.subsystems.logger.enabled", value = "true")
package dev.plinth.logger.tail;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
