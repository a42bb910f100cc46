package dev.plinth.appcontroller.schedules;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * A schedule, as kept in the {@code schedules} collection.
 *
 * @param id              its id
 * @param app             the app it deploys
 * @param owner           the app's owner
 * @param kind            {@link #AT} or {@link #CRON}
 * @param version         the version it deploys
 * @param instances       how many instances
 * @param at              when an AT schedule fires
 * @param cron            a CRON schedule's Unix cron expression
 * @param zone            the time zone of the expression
 * @param durationSeconds how long each CRON run lasts, null for no limit
 * @param until           no CRON run starts after this, and the running one stops at it; null for no end
 * @param nextFireAt      when it fires next, null when it will not fire again
 * @param stopAt          when the run it started must stop, null when none is due
 * @param state           {@link #ACTIVE}, {@link #DONE} or {@link #CANCELLED}
 * @param fired           every firing so far
 * @param createdAt       when it was made
 */
public record ScheduleRecord(String id, String app, String owner, String kind, String version, int instances,
                             @Nullable Instant at, @Nullable String cron, @Nullable String zone,
                             @Nullable Long durationSeconds, @Nullable Instant until, @Nullable Instant nextFireAt,
                             @Nullable Instant stopAt, String state, List<Firing> fired, Instant createdAt) {

    /** Fires once, at {@code at}. */
    public static final String AT = "AT";
    /** Fires at every time of {@code cron}. */
    public static final String CRON = "CRON";
    /** Waiting to fire or to stop its run. */
    public static final String ACTIVE = "ACTIVE";
    /** Will do nothing more. */
    public static final String DONE = "DONE";
    /** Cancelled by a developer. */
    public static final String CANCELLED = "CANCELLED";

    public ScheduleRecord {
        fired = fired == null ? List.of() : List.copyOf(fired);
    }

    /**
     * One firing.
     *
     * @param at           the time it was due
     * @param deploymentId the deployment it created or changed; null when it could not deploy
     * @param error        why it could not deploy, or null
     */
    public record Firing(Instant at, @Nullable String deploymentId, @Nullable String error) {
    }

    /** @return the deployment of the last firing that deployed, if any */
    public String lastDeploymentId() {
        for (int i = fired.size() - 1; i >= 0; i--) {
            if (fired.get(i).deploymentId() != null) {
                return fired.get(i).deploymentId();
            }
        }
        return null;
    }
}
