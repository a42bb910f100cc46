/**
 * Inspecting an uploaded app package before anything is stored: the zip's structure, its sizes
 * and compression ratios, its entry names, {@code plinth.yaml}, the files the run command needs and
 * the device types it asks for. Uploads are hostile, so nothing here trusts what the zip says
 * about itself.
 */
@Configuration
@Requires(property = "plinth.subsystems.app-controller.enabled", value = "true")
package dev.plinth.appcontroller.upload;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
