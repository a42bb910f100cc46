package dev.plinth.appcontroller.schedules;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.plinth.appcontroller.store.Database;
import dev.plinth.contracts.state.Collections;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code schedules} collection, including the claim protocol that makes a due schedule fire
 * once however many schedulers run: a scheduler claims it with one atomic {@code findOneAndUpdate}
 * that only matches while nobody holds an unexpired claim, and releases it in the same update that
 * records the firing and moves {@code nextFireAt} on.
 */
@Singleton
public class ScheduleRepository {

    private final MongoCollection<Document> schedules;

    public ScheduleRepository(Database database) {
        this.schedules = database.collection(Collections.SCHEDULES);
    }

    /** Inserts a new schedule. */
    public void insert(ScheduleRecord s) {
        schedules.insertOne(new Document("_id", s.id())
                .append("app", s.app())
                .append("owner", s.owner())
                .append("kind", s.kind())
                .append("version", s.version())
                .append("instances", s.instances())
                .append("at", Database.date(s.at()))
                .append("cron", s.cron())
                .append("zone", s.zone())
                .append("durationSeconds", s.durationSeconds())
                .append("until", Database.date(s.until()))
                .append("nextFireAt", Database.date(s.nextFireAt()))
                .append("stopAt", Database.date(s.stopAt()))
                .append("state", s.state())
                .append("claim", null)
                .append("fired", s.fired().stream().map(ScheduleRepository::firing).toList())
                .append("createdAt", Database.date(s.createdAt()))
                .append("updatedAt", Database.date(s.createdAt())));
    }

    /** @return the schedule, if it exists */
    public Optional<ScheduleRecord> find(String id) {
        return Optional.ofNullable(schedules.find(Filters.eq("_id", id)).first()).map(ScheduleRepository::toRecord);
    }

    /** @return the app's schedules, newest first */
    public List<ScheduleRecord> list(String app) {
        return collect(Filters.eq("app", app));
    }

    /** @return the app's schedules that may still fire or stop a run */
    public List<ScheduleRecord> active(String app) {
        return collect(Filters.and(Filters.eq("app", app), Filters.eq("state", ScheduleRecord.ACTIVE)));
    }

    private List<ScheduleRecord> collect(Bson filter) {
        List<ScheduleRecord> out = new ArrayList<>();
        for (Document doc : schedules.find(filter).sort(Sorts.descending("createdAt"))) {
            out.add(toRecord(doc));
        }
        return out;
    }

    /**
     * Cancels an active schedule: it fires no more and stops nothing.
     *
     * @return false when it was not active
     */
    public boolean cancel(String id, Instant now) {
        return schedules.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("state", ScheduleRecord.ACTIVE)),
                Updates.combine(
                        Updates.set("state", ScheduleRecord.CANCELLED),
                        Updates.set("nextFireAt", null),
                        Updates.set("stopAt", null),
                        Updates.set("updatedAt", Database.date(now)))).getModifiedCount() > 0;
    }

    /** Deletes every schedule of an app. */
    public void deleteAll(String app) {
        schedules.deleteMany(Filters.eq("app", app));
    }

    /**
     * Claims one active schedule that is due to fire or to stop its run and that nobody else holds.
     *
     * @param now   the time
     * @param by    who claims; must be unique per claim
     * @param until when the claim expires if it is never released
     * @return the claimed schedule, or empty when nothing is due
     */
    public Optional<ScheduleRecord> claimDue(Instant now, String by, Instant until) {
        Bson due = Filters.and(
                Filters.eq("state", ScheduleRecord.ACTIVE),
                Filters.or(Filters.lte("nextFireAt", Database.date(now)), Filters.lte("stopAt", Database.date(now))),
                Filters.or(Filters.eq("claim", null), Filters.lt("claim.until", Database.date(now))));
        Document claimed = schedules.findOneAndUpdate(due,
                Updates.set("claim", new Document("by", by).append("until", Database.date(until))),
                new FindOneAndUpdateOptions().sort(Sorts.ascending("nextFireAt")).returnDocument(ReturnDocument.AFTER));
        return Optional.ofNullable(claimed).map(ScheduleRepository::toRecord);
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
        List<Bson> updates = new ArrayList<>(List.of(
                Updates.set("nextFireAt", Database.date(nextFireAt)),
                Updates.set("stopAt", Database.date(stopAt)),
                Updates.set("state", state),
                Updates.set("updatedAt", Database.date(now)),
                Updates.set("claim", null)));
        if (firing != null) {
            updates.add(Updates.addToSet("fired", firing(firing)));
        }
        boolean mine = schedules.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("claim.by", by),
                Filters.eq("state", ScheduleRecord.ACTIVE)), Updates.combine(updates)).getModifiedCount() > 0;
        if (!mine) {
            if (firing != null) {
                // The same firing recorded twice (by a scheduler whose claim had expired) is one entry.
                schedules.updateOne(Filters.eq("_id", id), Updates.addToSet("fired", firing(firing)));
            }
            schedules.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("claim.by", by)), Updates.set("claim", null));
        }
        return mine;
    }

    private static Document firing(ScheduleRecord.Firing f) {
        return new Document("at", Database.date(f.at())).append("deploymentId", f.deploymentId()).append("error", f.error());
    }

    private static ScheduleRecord toRecord(Document doc) {
        List<ScheduleRecord.Firing> fired = new ArrayList<>();
        List<Document> list = doc.getList("fired", Document.class);
        if (list != null) {
            for (Document f : list) {
                fired.add(new ScheduleRecord.Firing(Database.instant(f, "at"), f.getString("deploymentId"), f.getString("error")));
            }
        }
        Object duration = doc.get("durationSeconds");
        return new ScheduleRecord(doc.getString("_id"), doc.getString("app"), doc.getString("owner"),
                doc.getString("kind"), doc.getString("version"), ((Number) doc.get("instances")).intValue(),
                Database.instant(doc, "at"), doc.getString("cron"), doc.getString("zone"),
                duration instanceof Number n ? n.longValue() : null, Database.instant(doc, "until"),
                Database.instant(doc, "nextFireAt"), Database.instant(doc, "stopAt"), doc.getString("state"), fired,
                Database.instant(doc, "createdAt"));
    }
}
