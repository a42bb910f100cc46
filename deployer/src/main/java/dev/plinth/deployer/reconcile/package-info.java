/**
 * The deployer's decision: a pure function from a snapshot of one deployment, its instances and
 * the nodes' states (and the time) to a {@link dev.plinth.deployer.reconcile.Plan} of actions.
 * Nothing here reads a clock, a database or Kafka; the loop does that at the edges.
 *
 * <p>{@link dev.plinth.deployer.reconcile.Reconciler#reconcile} composes small pure steps, each with
 * one job: {@code StopInactive} and {@code RollbackOnFailure} decide a whole plan on their own;
 * otherwise {@code Classify} sorts the wanted instances, {@code FailureBudget} counts failures into a
 * backoff or a give-up, {@code PlacementHints} names the nodes replacements avoid, {@code Scale} or
 * {@code Rollout} stops and creates instances, and {@code Status} writes the deployment's status.
 */
@Configuration
@Requires(property = "plinth.subsystems.deployer.enabled", value = "true")
package dev.plinth.deployer.reconcile;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
