/**
 * Shipping instances' output to {@code platform.logs}: lines are queued without ever blocking the
 * instance, and sent in batches by one thread; when Kafka is unreachable and the queue is full,
 * lines are dropped and counted.
 */
@Configuration
@Requires(property = "plinth.agent.enabled", value = "true")
package dev.plinth.agent.logs;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
