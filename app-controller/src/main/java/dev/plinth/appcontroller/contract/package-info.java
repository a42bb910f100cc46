/**
 * The developer contract bundle: the descriptor's JSON Schema, the guide for app developers and the
 * example app, served as one zip and as single files.
 */
@Configuration
@Requires(property = "plinth.subsystems.app-controller.enabled", value = "true")
package dev.plinth.appcontroller.contract;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
