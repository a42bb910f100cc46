package dev.plinth.appcontroller.schedules;

import dev.plinth.appcontroller.apps.AppRecord;
import dev.plinth.appcontroller.apps.AppRepository;
import dev.plinth.appcontroller.apps.VersionRecord;
import dev.plinth.appcontroller.apps.VersionRepository;
import dev.plinth.appcontroller.deployments.DeploymentService;
import dev.plinth.appcontroller.store.ClockFactory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fires due schedules and stops the runs they started when those end.
 *
 * <p>Each {@link #tick} claims due schedules one at a time ({@link ScheduleRepository#claimDue}), so
 * any number of schedulers in any number of processes fire each due time once. Firing is idempotent
 * besides: a new deployment gets the id {@code {scheduleId}-{epochSecond of the due time}}, so a
 * scheduler that dies after deploying and before recording it leaves work that the next one finds
 * done. Nothing is kept in memory between ticks: a restarted process carries on from MongoDB.</p>
 *
 * <p>Missed times (the platform was down) are handled once, not replayed: a due time whose run
 * would already have ended is skipped; otherwise the latest missed time fires, late.</p>
 */
@Singleton
public class Scheduler {

    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    private final ScheduleRepository schedules;
    private final DeploymentService deployments;
    private final AppRepository apps;
    private final VersionRepository versions;
    private final Clock clock;
    private final SchedulerSettings settings;
    private final String id = "scheduler-" + UUID.randomUUID();
    private final AtomicLong claims = new AtomicLong();

    public Scheduler(ScheduleRepository schedules, DeploymentService deployments, AppRepository apps,
                     VersionRepository versions, @Named(ClockFactory.SCHEDULES) Clock clock, SchedulerSettings settings) {
        this.schedules = schedules;
        this.deployments = deployments;
        this.apps = apps;
        this.versions = versions;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * Handles every schedule that is due now, up to {@link SchedulerSettings#maxPerTick}.
     *
     * @return how many schedules were handled
     */
    public int tick() {
        int handled = 0;
        while (handled < settings.maxPerTick()) {
            Instant now = clock.instant();
            String by = id + "#" + claims.incrementAndGet();
            Optional<ScheduleRecord> claimed = schedules.claimDue(now, by, now.plus(settings.claimTimeout()));
            if (claimed.isEmpty()) {
                break;
            }
            handled++;
            try {
                handle(claimed.get(), by, now);
            } catch (RuntimeException e) {
                // The claim stays until it expires, then any scheduler tries again: a backoff.
                LOG.warn("schedule {} of {} could not be handled, will retry after {}: {}", claimed.get().id(),
                        claimed.get().app(), settings.claimTimeout(), e.toString());
            }
        }
        return handled;
    }

    private void handle(ScheduleRecord s, String by, Instant now) {
        boolean fireDue = s.nextFireAt() != null && !s.nextFireAt().isAfter(now);
        boolean stopDue = s.stopAt() != null && !s.stopAt().isAfter(now);
        Instant next = s.nextFireAt();
        Instant stopAt = s.stopAt();
        ScheduleRecord.Firing firing = null;
        if (fireDue) {
            CronTimes times = ScheduleRecord.CRON.equals(s.kind()) ? CronTimes.parse(s.cron(), ZoneId.of(s.zone())) : null;
            // The latest due time, when several passed while nobody was firing.
            Instant fireAt = times == null ? s.nextFireAt()
                    : times.latest(now).filter(t -> t.isAfter(s.nextFireAt())).orElse(s.nextFireAt());
            Instant runEnd = runEnd(s, fireAt);
            if (runEnd == null || runEnd.isAfter(now)) {
                firing = fire(s, fireAt);
                if (firing.deploymentId() != null) {
                    // This run continues the app's active deployment; an older stop no longer applies.
                    stopAt = runEnd;
                    stopDue = false;
                }
            } else {
                LOG.info("schedule {} of {} skipped its time {}: the run would have ended at {}", s.id(), s.app(), fireAt, runEnd);
            }
            next = times == null ? null : times.next(now).filter(t -> s.until() == null || t.isBefore(s.until())).orElse(null);
        }
        if (stopDue) {
            String deploymentId = s.lastDeploymentId();
            if (deploymentId != null) {
                deployments.stop(s.app(), deploymentId, "schedule " + s.id() + " ended its run at " + s.stopAt());
            }
            stopAt = null;
        }
        String state = next == null && stopAt == null ? ScheduleRecord.DONE : ScheduleRecord.ACTIVE;
        if (!schedules.finish(s.id(), by, next, stopAt, state, firing, clock.instant())) {
            LOG.info("schedule {} of {} changed while it was being handled (cancelled, or claimed by another scheduler)",
                    s.id(), s.app());
        }
    }

    /** @return when a run started at the time must stop, or null when it runs until stopped by hand */
    static Instant runEnd(ScheduleRecord s, Instant fireAt) {
        if (!ScheduleRecord.CRON.equals(s.kind())) {
            return null;
        }
        Instant end = s.durationSeconds() == null ? null : fireAt.plusSeconds(s.durationSeconds());
        if (s.until() != null && (end == null || s.until().isBefore(end))) {
            end = s.until();
        }
        return end;
    }

    private ScheduleRecord.Firing fire(ScheduleRecord s, Instant fireAt) {
        Optional<AppRecord> app = apps.find(s.app());
        Optional<VersionRecord> version = versions.find(s.app(), s.version());
        if (app.isEmpty() || version.isEmpty()) {
            String error = app.isEmpty() ? "the app was deleted" : "version " + s.version() + " was deleted";
            LOG.warn("schedule {} of {} could not deploy at {}: {}", s.id(), s.app(), fireAt, error);
            return new ScheduleRecord.Firing(fireAt, null, error);
        }
        DeploymentService.Outcome outcome = deployments.apply(
                new DeploymentService.Target(app.get(), version.get(), s.instances()),
                s.id() + "-" + fireAt.getEpochSecond(), s.id());
        LOG.info("schedule {} fired for {} at {}: deployment {} {}", s.id(), s.app(), fireAt,
                outcome.deployment().id(), outcome.change().name().toLowerCase());
        return new ScheduleRecord.Firing(fireAt, outcome.deployment().id(), null);
    }

    /** @return this scheduler's id, part of every claim it makes */
    public String id() {
        return id;
    }
}
