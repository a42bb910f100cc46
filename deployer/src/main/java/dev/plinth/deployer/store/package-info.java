/**
 * The deployer's access to MongoDB: small repositories over the raw sync driver that map
 * {@code deployments}, {@code instances} and {@code nodes} documents (see
 * docs/state-model.md) to the reconciler's views, and write only the fields the deployer owns, each
 * write fenced with the {@code deployer} lease ({@code leaseToken.deployer}).
 */
@Configuration
@Requires(property = "plinth.subsystems.deployer.enabled", value = "true")
package dev.plinth.deployer.store;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
