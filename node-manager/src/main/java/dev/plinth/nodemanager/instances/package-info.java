/**
 * The {@code instances} collection as node-manager sees it: it binds instances to nodes, records
 * what their agents report on {@code instance.status}, and notes when it sent start commands. The
 * deployer creates the documents and owns {@code desired}; docs/state-model.md says who writes what.
 */
@Configuration
@Requires(property = "plinth.subsystems.node-manager.enabled", value = "true")
package dev.plinth.nodemanager.instances;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
