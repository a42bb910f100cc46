/**
 * Apps and their versions: receiving an upload (inspect, store the artifact, record the version,
 * claim the name, announce it), listing and deleting them. A developer sees only the apps they own;
 * an admin sees every app.
 */
@Configuration
@Requires(property = "plinth.subsystems.app-controller.enabled", value = "true")
package dev.plinth.appcontroller.apps;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
