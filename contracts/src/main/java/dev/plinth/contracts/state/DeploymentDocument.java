package dev.plinth.contracts.state;

import io.micronaut.core.annotation.Nullable;
import org.bson.Document;

import java.time.Instant;
import java.util.Map;

import static dev.plinth.contracts.state.StoredFields.date;
import static dev.plinth.contracts.state.StoredFields.document;
import static dev.plinth.contracts.state.StoredFields.instant;
import static dev.plinth.contracts.state.StoredFields.longOr;
import static dev.plinth.contracts.state.StoredFields.text;

/**
 * A document of the {@link Collections#DEPLOYMENTS} collection (docs/state-model.md): app-controller
 * creates it and changes what should run ({@link #created}, {@link #desiredFields},
 * {@link #stoppedFields}); the deployer records what it did ({@link #statusFields},
 * {@link #stableFields}, {@link #rollbackFields}); sensor-manager (bindings), platform-kit (app
 * tokens) and the MQTT broker (app credentials) read which deployments are active and of which app.
 * The field names are the constants below, and writers and readers go through {@link #read} and the
 * writers here, so a renamed field is renamed for all. {@code status} stays text: each reader maps it
 * to its own type. The instance specs inside ({@code spec}, {@code stableSpec}) stay as stored; the
 * lease stamp ({@code leaseToken.deployer}) is the control kit's {@code Lease}'s, not this type's.
 *
 * <p>Who asks for the active deployments queries {@code active: true}; a document without
 * {@code active} (never written so by app-controller) matches no such query, and {@link #read}
 * reads it as active, as the deployer does: a deployment is active until it is stopped.</p>
 *
 * @param id            the deployment id ({@code _id})
 * @param app           its app, or null when missing
 * @param owner         its app's owner, or null when missing
 * @param version       the version that should run, or null when missing
 * @param instances     how many instances should run, 0 when missing
 * @param generation    raised by one on every change of version, instances or active; 0 when missing
 * @param active        false once stopped; true when missing (see above)
 * @param spec          what an instance of {@code version} needs, as stored, or null
 * @param stableVersion the last fully rolled-out version, null before the first rollout finishes
 * @param stableSpec    that version's spec, as stored, or null
 * @param status        the deployer's word ({@link #PENDING} ... {@link #STOPPED}), or null before it has one
 * @param reason        why FAILED or DEGRADED, for people, or null
 * @param scheduleId    the schedule that created it, or null
 * @param createdAt     when it was created, or null when missing
 * @param updatedAt     when its desired state last changed, or null when missing
 * @param statusAt      when its status last changed, or null when missing
 */
public record DeploymentDocument(String id, @Nullable String app, @Nullable String owner, @Nullable String version,
                                 int instances, long generation, boolean active, @Nullable Document spec,
                                 @Nullable String stableVersion, @Nullable Document stableSpec, @Nullable String status,
                                 @Nullable String reason, @Nullable String scheduleId, @Nullable Instant createdAt,
                                 @Nullable Instant updatedAt, @Nullable Instant statusAt) {

    public static final String ID = "_id";
    public static final String APP = "app";
    public static final String OWNER = "owner";
    public static final String VERSION = "version";
    public static final String INSTANCES = "instances";
    public static final String GENERATION = "generation";
    public static final String ACTIVE = "active";
    public static final String SPEC = "spec";
    public static final String STABLE_VERSION = "stableVersion";
    public static final String STABLE_SPEC = "stableSpec";
    public static final String STATUS = "status";
    public static final String REASON = "reason";
    public static final String SCHEDULE_ID = "scheduleId";
    public static final String CREATED_AT = "createdAt";
    public static final String UPDATED_AT = "updatedAt";
    public static final String STATUS_AT = "statusAt";

    /** {@code status} of a deployment nothing has acted on yet. */
    public static final String PENDING = "PENDING";
    /** {@code status} the deployer gives a stopped deployment once its instances have stopped. */
    public static final String STOPPED = "STOPPED";

    /**
     * @param doc a stored document, whole or projected: a field it lacks (or holds with an unexpected
     *            type) reads as null or zero, {@code active} as true; text fields of another type read
     *            as their text
     * @return the deployment it describes
     */
    public static DeploymentDocument read(Document doc) {
        return new DeploymentDocument(String.valueOf(doc.get(ID)), text(doc.get(APP)), text(doc.get(OWNER)),
                text(doc.get(VERSION)), (int) longOr(doc.get(INSTANCES), 0), longOr(doc.get(GENERATION), 0),
                !Boolean.FALSE.equals(doc.get(ACTIVE)), document(doc.get(SPEC)), text(doc.get(STABLE_VERSION)),
                document(doc.get(STABLE_SPEC)), text(doc.get(STATUS)), text(doc.get(REASON)), text(doc.get(SCHEDULE_ID)),
                instant(doc.get(CREATED_AT)), instant(doc.get(UPDATED_AT)), instant(doc.get(STATUS_AT)));
    }

    /**
     * app-controller's new deployment: every field present, no stable version yet, no reason.
     *
     * @param spec the instance spec of {@code version}
     * @return the document to insert
     */
    public static Document created(String id, String app, String owner, String version, int instances, long generation,
                                   boolean active, Document spec, String status, @Nullable String scheduleId,
                                   Instant createdAt, Instant updatedAt, @Nullable Instant statusAt) {
        return new Document(ID, id)
                .append(APP, app)
                .append(OWNER, owner)
                .append(VERSION, version)
                .append(INSTANCES, instances)
                .append(GENERATION, generation)
                .append(ACTIVE, active)
                .append(SPEC, spec)
                .append(STABLE_VERSION, null)
                .append(STABLE_SPEC, null)
                .append(STATUS, status)
                .append(REASON, null)
                .append(SCHEDULE_ID, scheduleId)
                .append(CREATED_AT, date(createdAt))
                .append(UPDATED_AT, date(updatedAt))
                .append(STATUS_AT, date(statusAt));
    }

    /** @return app-controller's change of what should run, to {@code $set} (and {@link #GENERATION} to raise by one) */
    public static Document desiredFields(String version, int instances, Document spec, Instant now) {
        return new Document(VERSION, version).append(INSTANCES, instances).append(SPEC, spec).append(UPDATED_AT, date(now));
    }

    /** @return app-controller's stop, to {@code $set} (and {@link #GENERATION} to raise by one) */
    public static Document stoppedFields(Instant now) {
        return new Document(ACTIVE, false).append(UPDATED_AT, date(now));
    }

    /** @return the deployer's new status, to {@code $set} */
    public static Document statusFields(String status, @Nullable String reason, Instant now) {
        return new Document(STATUS, status).append(REASON, reason).append(STATUS_AT, date(now));
    }

    /** @return the deployer's note of a fully rolled-out version, to {@code $set} */
    public static Document stableFields(String version, Map<String, Object> spec) {
        return new Document(STABLE_VERSION, version).append(STABLE_SPEC, new Document(spec));
    }

    /** @return the deployer's rollback to an earlier version, to {@code $set} (and {@link #GENERATION} to raise by one) */
    public static Document rollbackFields(String version, Map<String, Object> spec) {
        return new Document(VERSION, version).append(SPEC, new Document(spec));
    }
}
