/**
 * The deployer's reconcile loop: Kafka events and a resync timer wake deployments up, one worker
 * thread reconciles them one at a time under a lease, and the plans are written to MongoDB, fenced
 * with the lease's token so that a holder that stalled past its term cannot write after its successor.
 */
@Configuration
@Requires(property = "plinth.subsystems.deployer.enabled", value = "true")
package dev.plinth.deployer.loop;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
