package dev.plinth.deployer.store;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.DeploymentDocument;
import dev.plinth.deployer.reconcile.Action;
import dev.plinth.deployer.reconcile.DeploymentStatus;
import dev.plinth.deployer.reconcile.DeploymentView;
import dev.plinth.kit.control.Lease;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
        collection.createIndex(Indexes.ascending(DeploymentDocument.ACTIVE));
    }

    /** @return the deployment, or empty when there is none with this id */
    public Optional<DeploymentView> find(String id) {
        return Optional.ofNullable(collection.find(Filters.eq(DeploymentDocument.ID, id)).first()).map(DeploymentRepository::view);
    }

    /** @return ids of deployments that may need work: active ones, and inactive ones not yet STOPPED */
    public List<String> idsToResync() {
        List<String> ids = new ArrayList<>();
        collection.find(Filters.or(Filters.eq(DeploymentDocument.ACTIVE, true), Filters.exists(DeploymentDocument.ACTIVE, false),
                        Filters.ne(DeploymentDocument.STATUS, DeploymentStatus.STOPPED.name())))
                .projection(Projections.include(DeploymentDocument.ID))
                .forEach(doc -> ids.add(DeploymentDocument.read(doc).id()));
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
            set(updates, DeploymentDocument.statusFields(status.status().name(), status.reason(), now));
        }
        if (stable != null) {
            set(updates, DeploymentDocument.stableFields(stable.version(), stable.spec()));
        }
        if (rollback != null) {
            set(updates, DeploymentDocument.rollbackFields(rollback.toVersion(), rollback.toSpec()));
            updates.add(Updates.inc(DeploymentDocument.GENERATION, 1));
        }
        Bson target = Filters.eq(DeploymentDocument.ID, id);
        if (collection.updateOne(lease.fence(Filters.and(target, Filters.eq(DeploymentDocument.GENERATION, generation))),
                Updates.combine(updates)).getMatchedCount() > 0) {
            return true;
        }
        lease.checkFenced(collection, target);
        return false;
    }

    private static void set(List<Bson> updates, Document fields) {
        fields.forEach((field, value) -> updates.add(Updates.set(field, value)));
    }

    static DeploymentView view(Document doc) {
        DeploymentDocument d = DeploymentDocument.read(doc);
        return new DeploymentView(
                d.id(),
                d.app(),
                d.owner(),
                String.valueOf(d.version()),
                d.instances(),
                d.generation(),
                d.active(),
                map(d.spec()),
                d.stableVersion(),
                map(d.stableSpec()),
                Fields.enumOf(d.status(), DeploymentStatus.class, null),
                d.reason(),
                d.statusAt());
    }

    /** @return a stored instance spec as the reconciler's map, or null */
    private static Map<String, Object> map(Document spec) {
        return spec == null ? null : new LinkedHashMap<>(spec);
    }
}
