/** The node agent: runs instances on one node through its runtime and reports on them and on the node. */
@Configuration
@Requires(property = "plinth.agent.enabled", value = "true")
package dev.plinth.agent;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
