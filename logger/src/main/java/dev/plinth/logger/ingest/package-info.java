/** Ingestion: log records from Kafka ({@code platform.logs}) into the store, in batches. */
@Configuration
@Requires(property = "plinth.subsystems.logger.enabled", value = "true")
package dev.plinth.logger.ingest;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
