/** Where log lines are kept: the {@code logs} collection in MongoDB, its indexes, and retention. */
@Configuration
@Requires(property = "plinth.subsystems.logger.enabled", value = "true")
package dev.plinth.logger.store;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
