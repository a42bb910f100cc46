package dev.plinth.appcontroller.documents;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.plinth.contracts.state.Collections;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/**
 * One document of the {@code schedules} collection as it is stored (field names and shapes of
 * docs/state-model.md); unset fields are stored as null.
 *
 * @param id              its id ({@code _id})
 * @param app             the app it deploys
 * @param owner           the app's owner
 * @param kind            {@code AT} or {@code CRON}
 * @param version         the version it deploys
 * @param instances       how many instances
 * @param at              when an AT schedule fires
 * @param cron            a CRON schedule's Unix cron expression
 * @param zone            the time zone of the expression
 * @param durationSeconds how long each CRON run lasts, null for no limit
 * @param until           no CRON run starts after this; null for no end
 * @param nextFireAt      when it fires next, null when it will not fire again
 * @param stopAt          when the run it started must stop, null when none is due
 * @param state           {@code ACTIVE}, {@code DONE} or {@code CANCELLED}
 * @param claim           the scheduler working on a due firing, or null
 * @param fired           every firing so far
 * @param createdAt       when it was made
 * @param updatedAt       when it last changed
 */
@MappedEntity(Collections.SCHEDULES)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ScheduleDocument(@Id String id, String app, String owner, String kind, String version, int instances,
                               @Nullable Instant at, @Nullable String cron, @Nullable String zone,
                               @Nullable Long durationSeconds, @Nullable Instant until, @Nullable Instant nextFireAt,
                               @Nullable Instant stopAt, String state, @Nullable Claim claim,
                               @Nullable List<Firing> fired, @Nullable Instant createdAt, @Nullable Instant updatedAt) {

    /**
     * A scheduler's hold on a due schedule; others wait until it expires.
     *
     * @param by    who holds it, unique per claim
     * @param until when it expires if it is never released
     */
    @Serdeable
    public record Claim(String by, Instant until) {
    }

    /**
     * One firing.
     *
     * @param at           the time it was due
     * @param deploymentId the deployment it created or changed; null when it could not deploy
     * @param error        why it could not deploy, or null
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Firing(Instant at, @Nullable String deploymentId, @Nullable String error) {
    }
}
