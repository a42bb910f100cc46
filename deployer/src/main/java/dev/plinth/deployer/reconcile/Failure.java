package dev.plinth.deployer.reconcile;

import java.time.Instant;

/**
 * A failure of the current generation (see {@link Reconciler}'s words) and when it happened.
 *
 * @param instance the instance that failed
 * @param at       its {@code stateAt}, else its {@code createdAt}, else the time of the pass
 */
record Failure(InstanceView instance, Instant at) {
}
