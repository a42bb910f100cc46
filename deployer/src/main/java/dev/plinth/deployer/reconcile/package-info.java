/**
 * The deployer's decision: a pure function from a snapshot of one deployment, its instances and
 * the nodes' states (and the time) to a {@link dev.plinth.deployer.reconcile.Plan} of actions.
 * Nothing here reads a clock, a database or Kafka; the loop does that at the edges.
 */
@Configuration
@Requires(property = "plinth.subsystems.deployer.enabled", value = "true")
package dev.plinth.deployer.reconcile;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
