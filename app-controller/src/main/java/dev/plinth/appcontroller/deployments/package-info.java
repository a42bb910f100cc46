/**
 * Desired deployments: what version of an app should run and how many instances. Created and
 * changed by developers and by schedules firing, stopped by either; the deployer turns them into
 * instances and writes their status back.
 */
@Configuration
@Requires(property = "plinth.subsystems.app-controller.enabled", value = "true")
package dev.plinth.appcontroller.deployments;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
