package dev.plinth.deployer.store;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import dev.plinth.contracts.state.Collections;
import dev.plinth.deployer.reconcile.Action;
import dev.plinth.deployer.reconcile.DeploymentStatus;
import dev.plinth.deployer.reconcile.DeploymentView;
import dev.plinth.kit.control.Lease;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code deployments} collection, owned by app-controller. The deployer reads it and writes
 * only {@code status}, {@code reason}, {@code statusAt}, {@code stableVersion}, {@code stableSpec},
 * and on rollback {@code version}, {@code spec} and {@code generation}; every write is conditional
 * on the generation the decision was made for, and fenced with the {@code deployer} lease (it stamps
 * {@code leaseToken.deployer}).
 */
@Singleton
public class DeploymentRepository {

    private final MongoCollection<Document> collection;

    public DeploymentRepository(MongoDatabase database) {
        this.collection = database.getCollection(Collections.DEPLOYMENTS);
    }

    /** Creates the index the resync query uses; idempotent. */
    public void ensureIndexes() {
        collection.createIndex(Indexes.ascending("active"));
    }

    /** @return the deployment, or empty when there is none with this id */
    public Optional<DeploymentView> find(String id) {
        return Optional.ofNullable(collection.find(Filters.eq("_id", id)).first()).map(DeploymentRepository::view);
    }

    /** @return ids of deployments that may need work: active ones, and inactive ones not yet STOPPED */
    public List<String> idsToResync() {
        List<String> ids = new ArrayList<>();
        collection.find(Filters.or(Filters.eq("active", true), Filters.exists("active", false),
                        Filters.ne("status", DeploymentStatus.STOPPED.name())))
                .projection(Projections.include("_id"))
                .forEach(doc -> ids.add(String.valueOf(doc.get("_id"))));
        return ids;
    }

    /**
     * Writes the deployment-level actions of one plan in one update, only if the deployment still
     * has the generation the plan was made for and no newer holder of the lease has written it. The
     * token is stamped even when the plan has no deployment-level action: a plan's instance writes
     * come after this one, so they are known to start before any newer holder's pass wrote this
     * deployment.
     *
     * @param id         the deployment
     * @param generation the generation the plan was made for
     * @param status     the status change, or null
     * @param stable     the new stable version, or null
     * @param rollback   the rollback (raises the generation by one), or null
     * @param now        the time to record in {@code statusAt}
     * @param lease      the deployer's lease, which fences the write
     * @return false when the generation changed meanwhile and nothing was written
     * @throws Lease.LostLease when a newer holder of the lease wrote the deployment, or this process's term is up
     */
    public boolean update(String id, long generation, Action.SetStatus status, Action.MarkStable stable,
                          Action.Rollback rollback, Instant now, Lease lease) {
        List<Bson> updates = new ArrayList<>();
        updates.add(lease.stamp());
        if (status != null) {
            updates.add(Updates.set("status", status.status().name()));
            updates.add(Updates.set("reason", status.reason()));
            updates.add(Updates.set("statusAt", Fields.date(now)));
        }
        if (stable != null) {
            updates.add(Updates.set("stableVersion", stable.version()));
            updates.add(Updates.set("stableSpec", new Document(stable.spec())));
        }
        if (rollback != null) {
            updates.add(Updates.set("version", rollback.toVersion()));
            updates.add(Updates.set("spec", new Document(rollback.toSpec())));
            updates.add(Updates.inc("generation", 1));
        }
        Bson target = Filters.eq("_id", id);
        if (collection.updateOne(lease.fence(Filters.and(target, Filters.eq("generation", generation))),
                Updates.combine(updates)).getMatchedCount() > 0) {
            return true;
        }
        lease.checkFenced(collection, target);
        return false;
    }

    static DeploymentView view(Document doc) {
        Map<String, Object> stableSpec = Fields.mapOf(doc, "stableSpec");
        return new DeploymentView(
                String.valueOf(doc.get("_id")),
                Fields.stringOf(doc, "app"),
                Fields.stringOf(doc, "owner"),
                String.valueOf(Fields.stringOf(doc, "version")),
                (int) Fields.longOf(doc, "instances", 0),
                Fields.longOf(doc, "generation", 0),
                !Boolean.FALSE.equals(doc.get("active")),
                Fields.mapOf(doc, "spec"),
                Fields.stringOf(doc, "stableVersion"),
                stableSpec,
                Fields.enumOf(doc, "status", DeploymentStatus.class, null),
                Fields.stringOf(doc, "reason"),
                Fields.instantOf(doc, "statusAt"));
    }
}
