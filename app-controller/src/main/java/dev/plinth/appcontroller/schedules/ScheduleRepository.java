package dev.plinth.appcontroller.schedules;

import dev.plinth.appcontroller.documents.ScheduleDocument;
import dev.plinth.appcontroller.documents.ScheduleDocumentRepository;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code schedules} collection as the scheduler and the API see it: {@link ScheduleRecord}s,
 * kept through the Micronaut Data repository {@link ScheduleDocumentRepository}, including the
 * claim protocol that makes a due schedule fire once however many schedulers run: a scheduler
 * claims it with one atomic update that only matches while nobody holds an unexpired claim, and
 * releases it in the same update that records the firing and moves {@code nextFireAt} on.
 */
@Singleton
public class ScheduleRepository {

    private final ScheduleDocumentRepository documents;

    public ScheduleRepository(ScheduleDocumentRepository documents) {
        this.documents = documents;
    }

    /** Inserts a new schedule. */
    public void insert(ScheduleRecord s) {
        documents.save(new ScheduleDocument(s.id(), s.app(), s.owner(), s.kind(), s.version(), s.instances(), s.at(),
                s.cron(), s.zone(), s.durationSeconds(), s.until(), s.nextFireAt(), s.stopAt(), s.state(), null,
                s.fired().stream().map(f -> new ScheduleDocument.Firing(f.at(), f.deploymentId(), f.error())).toList(),
                s.createdAt(), s.createdAt()));
    }

    /** @return the schedule, if it exists */
    public Optional<ScheduleRecord> find(String id) {
        return documents.findById(id).map(ScheduleRepository::toRecord);
    }

    /** @return the app's schedules, newest first */
    public List<ScheduleRecord> list(String app) {
        return documents.findByAppOrderByCreatedAtDesc(app).stream().map(ScheduleRepository::toRecord).toList();
    }

    /** @return the app's schedules that may still fire or stop a run */
    public List<ScheduleRecord> active(String app) {
        return documents.findByAppAndStateOrderByCreatedAtDesc(app, ScheduleRecord.ACTIVE).stream()
                .map(ScheduleRepository::toRecord).toList();
    }

    /**
     * Cancels an active schedule: it fires no more and stops nothing.
     *
     * @return false when it was not active
     */
    public boolean cancel(String id, Instant now) {
        return documents.cancel(id, now) > 0;
    }

    /** Deletes every schedule of an app. */
    public void deleteAll(String app) {
        documents.deleteByApp(app);
    }

    /**
     * Claims one active schedule that is due to fire or to stop its run and that nobody else holds.
     * A schedule another scheduler claimed between the read and the claim is skipped; since each such
     * loss is another scheduler's claim, the candidates run out.
     *
     * @param now   the time
     * @param by    who claims; must be unique per claim
     * @param until when the claim expires if it is never released
     * @return the claimed schedule, or empty when nothing is due
     */
    public Optional<ScheduleRecord> claimDue(Instant now, String by, Instant until) {
        while (true) {
            List<ScheduleDocument> candidates = documents.findClaimable(now);
            if (candidates.isEmpty()) {
                return Optional.empty();
            }
            for (ScheduleDocument candidate : candidates) {
                if (documents.claim(candidate.id(), now, by, until) > 0) {
                    return documents.findById(candidate.id()).map(ScheduleRepository::toRecord);
                }
            }
        }
    }

    /**
     * Records what a claimed schedule did and releases the claim.
     *
     * @param id         the schedule
     * @param by         the claim
     * @param nextFireAt when it fires next, or null
     * @param stopAt     when its run stops, or null
     * @param state      its new state
     * @param firing     the firing to record, or null
     * @param now        the time
     * @return false when the claim was lost (it expired and someone else took it, or the schedule was
     *         cancelled meanwhile); the firing is recorded anyway
     */
    public boolean finish(String id, String by, @Nullable Instant nextFireAt, @Nullable Instant stopAt, String state,
                          @Nullable ScheduleRecord.Firing firing, Instant now) {
        boolean mine = (firing == null
                ? documents.finish(id, by, nextFireAt, stopAt, state, now)
                : documents.finishWithFiring(id, by, nextFireAt, stopAt, state, now, firing.at(), firing.deploymentId(), firing.error())) > 0;
        if (!mine) {
            if (firing != null) {
                // The same firing recorded twice (by a scheduler whose claim had expired) is one entry.
                documents.recordFiring(id, firing.at(), firing.deploymentId(), firing.error());
            }
            documents.release(id, by);
        }
        return mine;
    }

    private static ScheduleRecord toRecord(ScheduleDocument doc) {
        List<ScheduleRecord.Firing> fired = doc.fired() == null ? List.of() : doc.fired().stream()
                .map(f -> new ScheduleRecord.Firing(f.at(), f.deploymentId(), f.error())).toList();
        return new ScheduleRecord(doc.id(), doc.app(), doc.owner(), doc.kind(), doc.version(), doc.instances(), doc.at(),
                doc.cron(), doc.zone(), doc.durationSeconds(), doc.until(), doc.nextFireAt(), doc.stopAt(), doc.state(),
                fired, doc.createdAt());
    }
}
