/**
 * Getting an app package onto the node: fetched from the platform with a service token into a cache
 * keyed by sha256 (verified while it streams in), then unpacked into the instance's own directory
 * with every entry name checked.
 */
@Configuration
@Requires(property = "plinth.agent.enabled", value = "true")
package dev.plinth.agent.artifacts;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
