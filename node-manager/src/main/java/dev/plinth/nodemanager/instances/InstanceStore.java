package dev.plinth.nodemanager.instances;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.plinth.contracts.events.InstanceStatus;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.InstanceDocument;
import dev.plinth.kit.control.Lease;
import dev.plinth.nodemanager.placement.Binding;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads and writes the {@code instances} collection. Every write is conditional on what it decided
 * from, so a write based on a stale read does nothing rather than undo someone else's change:
 * bindings need the instance still unbound, status records need a newer (or first) report, a
 * never-started stop needs the instance still never started. The writes only the holder of the
 * {@code node-manager} lease makes (bindings, unplaced reasons, start notes, never-started stops) are
 * also fenced with it ({@code leaseToken.node-manager}): they throw {@link Lease.LostLease} once a
 * newer holder has written the instance. Status records come from any process and are not fenced.
 */
@Singleton
public class InstanceStore {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceStore.class);

    private final MongoCollection<Document> instances;
    private final Set<String> unreadable = ConcurrentHashMap.newKeySet();

    public InstanceStore(MongoDatabase database) {
        this.instances = database.getCollection(Collections.INSTANCES);
    }

    /** Creates the indexes node-manager's queries need (idempotent). */
    public void ensureIndexes() {
        instances.createIndex(Indexes.ascending(InstanceDocument.NODE, InstanceDocument.DESIRED));
        instances.createIndex(Indexes.ascending(InstanceDocument.DEPLOYMENT_ID));
        instances.createIndex(Indexes.ascending(InstanceDocument.APP));
        instances.createIndex(Indexes.ascending(InstanceDocument.STATE));
    }

    /** @return every instance that has not ended: the unplaced, the starting and the running */
    public List<InstanceRecord> notEnded() {
        return read(Filters.nin(InstanceDocument.STATE, InstanceRecord.TERMINAL));
    }

    /** @return the instances with these ids that exist */
    public List<InstanceRecord> byIds(Collection<String> ids) {
        return ids.isEmpty() ? List.of() : read(Filters.in(InstanceDocument.ID, ids));
    }

    /** @return one instance, or null */
    public InstanceRecord byId(String id) {
        Document doc = instances.find(Filters.eq(InstanceDocument.ID, id)).first();
        return doc == null ? null : parse(doc);
    }

    /**
     * @param node a node, or null for every node
     * @return the instances bound to it that are not history (ended and not wanted)
     */
    public List<InstanceRecord> bound(String node) {
        return read(Filters.and(node == null ? Filters.ne(InstanceDocument.NODE, null) : Filters.eq(InstanceDocument.NODE, node),
                Filters.or(Filters.nin(InstanceDocument.STATE, InstanceRecord.TERMINAL),
                        Filters.eq(InstanceDocument.DESIRED, InstanceRecord.RUN))));
    }

    /** @return every instance, or an app's, newest first */
    public List<InstanceRecord> list(String app, int limit) {
        Bson filter = app == null || app.isBlank() ? new Document() : Filters.eq(InstanceDocument.APP, app);
        List<InstanceRecord> found = new ArrayList<>();
        for (Document doc : instances.find(filter).sort(Sorts.descending(InstanceDocument.CREATED_AT)).limit(limit)) {
            InstanceRecord record = parse(doc);
            if (record != null) {
                found.add(record);
            }
        }
        return found;
    }

    /**
     * Binds an instance to a node, if it is still unbound and wanted.
     *
     * @param lease the {@code node-manager} lease, which fences the write
     * @return whether this write bound it
     * @throws Lease.LostLease when a newer holder of the lease wrote the instance, or this process's term is up
     */
    public boolean bind(Binding binding, Instant at, Lease lease) {
        List<Bson> updates = sets(InstanceDocument.bindingFields(binding.node(), binding.address(), binding.port(), at));
        updates.add(Updates.unset(InstanceDocument.UNPLACED_REASON));
        return fenced(binding.instanceId(),
                Filters.and(Filters.eq(InstanceDocument.NODE, null), Filters.eq(InstanceDocument.DESIRED, InstanceRecord.RUN)),
                lease, updates);
    }

    /**
     * Notes why an unbound instance has no node.
     *
     * @throws Lease.LostLease when a newer holder of the lease wrote the instance, or this process's term is up
     */
    public void markUnplaced(String instanceId, String reason, Lease lease) {
        fenced(instanceId, Filters.eq(InstanceDocument.NODE, null), lease, sets(InstanceDocument.unplacedFields(reason)));
    }

    /**
     * Notes that a start command went to the instance's agent.
     *
     * @throws Lease.LostLease when a newer holder of the lease wrote the instance, or this process's term is up
     */
    public void startSent(String instanceId, Instant at, Lease lease) {
        fenced(instanceId, new Document(), lease, sets(InstanceDocument.startSentFields(at)));
    }

    /**
     * Ends an instance that is not wanted and was never started: no agent will ever report on it.
     *
     * @return whether this write ended it
     * @throws Lease.LostLease when a newer holder of the lease wrote the instance, or this process's term is up
     */
    public boolean endNeverStarted(String instanceId, Instant at, Lease lease) {
        return fenced(instanceId,
                Filters.and(Filters.eq(InstanceDocument.DESIRED, InstanceRecord.STOP),
                        Filters.in(InstanceDocument.STATE, Arrays.asList(InstanceRecord.PENDING, null)),
                        Filters.eq(InstanceDocument.START_COMMAND_AT, null)),
                lease, sets(InstanceDocument.neverStartedFields(at)));
    }

    /** One fenced write to one instance. @return whether it matched; false when its condition did not hold */
    private boolean fenced(String instanceId, Bson condition, Lease lease, List<Bson> updates) {
        Bson target = Filters.eq(InstanceDocument.ID, instanceId);
        List<Bson> stamped = new ArrayList<>(updates);
        stamped.add(lease.stamp());
        if (instances.updateOne(lease.fence(Filters.and(target, condition)), Updates.combine(stamped)).getMatchedCount() == 1) {
            return true;
        }
        lease.checkFenced(instances, target);
        return false;
    }

    /**
     * Records an agent's report, if it is news. A report counts when all of these hold:
     * <ul>
     *   <li>it comes from the node the instance is bound to, for the instance's generation (an
     *   instance's generation never changes, so another one means a confused sender);</li>
     *   <li>the instance has no report yet ({@code PENDING}), or the report is not older than the
     *   recorded one ({@code stateAt} is the agent's time of the change, and a re-report carries the
     *   time of the change it repeats, so it rewrites the same values);</li>
     *   <li>the instance has not ended, or the report repeats how it ended: an end is final.</li>
     * </ul>
     * A recorded report also sets {@code address} to the report's {@code host}: where the instance listens.
     * Comparing the agent's times with each other, and never with node-manager's clock, keeps a
     * node whose clock is off from having its reports refused.
     *
     * @return whether the report was recorded
     */
    public boolean record(InstanceStatus status) {
        Date at = Date.from(status.timestamp());
        Bson filter = Filters.and(
                Filters.eq(InstanceDocument.ID, status.instanceId()),
                Filters.eq(InstanceDocument.NODE, status.nodeId()),
                Filters.eq(InstanceDocument.GENERATION, status.generation()),
                Filters.or(Filters.in(InstanceDocument.STATE, Arrays.asList(InstanceRecord.PENDING, null)),
                        Filters.eq(InstanceDocument.STATE_AT, null),
                        Filters.lte(InstanceDocument.STATE_AT, at)),
                Filters.or(Filters.nin(InstanceDocument.STATE, InstanceRecord.TERMINAL),
                        Filters.eq(InstanceDocument.STATE, status.state().name())));
        List<Bson> updates = sets(InstanceDocument.reportFields(status));
        InstanceDocument.reportClears(status).forEach(field -> updates.add(Updates.unset(field)));
        return instances.updateOne(filter, Updates.combine(updates)).getMatchedCount() == 1;
    }

    private List<InstanceRecord> read(Bson filter) {
        List<InstanceRecord> found = new ArrayList<>();
        for (Document doc : instances.find(filter)) {
            InstanceRecord record = parse(doc);
            if (record != null) {
                found.add(record);
            }
        }
        return found;
    }

    /** @return the record, or null for a document node-manager cannot read (warned once): one broken record must not stop the rest */
    private InstanceRecord parse(Document doc) {
        try {
            return InstanceRecord.from(doc);
        } catch (RuntimeException e) {
            if (unreadable.add(String.valueOf(doc.get(InstanceDocument.ID)))) {
                LOG.warn("instance document {} cannot be read and is skipped: {}", doc.get(InstanceDocument.ID), e.toString());
            }
            return null;
        }
    }

    /** @return one {@code $set} per field */
    private static List<Bson> sets(Document fields) {
        List<Bson> updates = new ArrayList<>();
        fields.forEach((field, value) -> updates.add(Updates.set(field, value)));
        return updates;
    }
}
