/**
 * The {@code process} runtime: an instance is an OS process in its own directory, sandboxed with
 * bubblewrap and limited with cgroups where the host allows it.
 */
@Configuration
@Requires(property = "plinth.agent.enabled", value = "true")
@Requires(property = "plinth.agent.runtime", value = "process", defaultValue = "process")
package dev.plinth.agent.runtime.process;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
