/**
 * The command dispatcher: level-triggered, it compares what should run on each node with what the
 * instance documents and the agents' heartbeats say, and sends the START and STOP commands that close
 * the gap. The decisions are the pure {@link dev.plinth.nodemanager.dispatch.DispatchPlanner}; sending
 * and recording are {@link dev.plinth.nodemanager.dispatch.CommandDispatcher}.
 */
@Configuration
@Requires(property = "plinth.subsystems.node-manager.enabled", value = "true")
package dev.plinth.nodemanager.dispatch;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
