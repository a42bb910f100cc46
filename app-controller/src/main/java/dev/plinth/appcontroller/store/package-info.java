/**
 * The app-controller's MongoDB state: the collections it owns ({@code apps}, {@code versions},
 * {@code deployments}, {@code schedules}) and reads ({@code instances}), their indexes, and a
 * per-app lock in {@code leases} that serialises changes to one app across processes. Field names
 * follow {@code docs/state-model.md}.
 */
@Configuration
@Requires(property = "plinth.subsystems.app-controller.enabled", value = "true")
package dev.plinth.appcontroller.store;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
