package dev.plinth.appcontroller.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A request to deploy an app version, now or on a schedule.
 *
 * @param version   the version to deploy
 * @param instances how many instances; the descriptor's {@code instances} when absent
 * @param schedule  absent or {@code "now"}; {@code {"at": instant}}; or {@code {"cron": ..., "durationSeconds"?, "until"?, "zone"?}}
 */
@Serdeable
public record DeployRequest(@Nullable String version, @Nullable Integer instances, @Nullable JsonNode schedule) {
}
