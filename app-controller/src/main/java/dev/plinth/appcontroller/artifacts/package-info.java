/** Where accepted packages are kept: a local directory by default, Azure Blob Storage when configured. */
@Configuration
@Requires(property = "plinth.subsystems.app-controller.enabled", value = "true")
package dev.plinth.appcontroller.artifacts;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
