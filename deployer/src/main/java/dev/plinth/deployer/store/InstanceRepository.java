package dev.plinth.deployer.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import dev.plinth.contracts.state.Collections;
import dev.plinth.deployer.reconcile.Desired;
import dev.plinth.deployer.reconcile.DeploymentView;
import dev.plinth.deployer.reconcile.InstanceView;
import dev.plinth.deployer.reconcile.ObservedState;
import dev.plinth.deployer.reconcile.StopReason;
import dev.plinth.kit.control.Lease;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code instances} collection. The deployer creates instances and writes {@code desired},
 * {@code stopReason} and {@code avoidNodes}, stamped with its lease's token
 * ({@code leaseToken.deployer}); node-manager fills in where they run and what their agents report.
 */
@Singleton
public class InstanceRepository {

    private static final char[] ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final int ID_ATTEMPTS = 3;

    private final MongoCollection<Document> collection;
    private final SecureRandom random = new SecureRandom();

    public InstanceRepository(MongoDatabase database) {
        this.collection = database.getCollection(Collections.INSTANCES);
    }

    /** Creates the index the per-deployment query uses; idempotent. */
    public void ensureIndexes() {
        collection.createIndex(Indexes.ascending("deploymentId"));
    }

    /** @return every instance of the deployment, history included */
    public List<InstanceView> findByDeployment(String deploymentId) {
        List<InstanceView> views = new ArrayList<>();
        collection.find(Filters.eq("deploymentId", deploymentId)).forEach(doc -> views.add(view(doc)));
        return views;
    }

    /** @return the deployments with an instance on that node that should run */
    public Set<String> deploymentsOnNode(String node) {
        Set<String> ids = new LinkedHashSet<>();
        collection.find(Filters.and(Filters.eq("node", node), Filters.eq("desired", Desired.RUN.name())))
                .projection(new Document("deploymentId", 1))
                .forEach(doc -> {
                    if (doc.getString("deploymentId") != null) {
                        ids.add(doc.getString("deploymentId"));
                    }
                });
        return ids;
    }

    /**
     * Inserts a new instance: not placed, {@code state: PENDING}, {@code desired: RUN}.
     *
     * @param deployment its deployment, for the ids, owner and generation
     * @param version    the version it runs
     * @param spec       the instance spec copied into it
     * @param avoidNodes nodes placement must not choose
     * @param now        its creation time
     * @param lease      the deployer's lease, whose token the instance carries
     * @return its id, {@code {app}-{8 random characters}}
     * @throws Lease.LostLease when this process's term is up
     */
    public String create(DeploymentView deployment, String version, Map<String, Object> spec, List<String> avoidNodes,
                         Instant now, Lease lease) {
        for (int attempt = 1; ; attempt++) {
            String id = deployment.app() + "-" + randomSuffix();
            Document doc = new Document("_id", id)
                    .append("deploymentId", deployment.id())
                    .append("app", deployment.app())
                    .append("owner", deployment.owner())
                    .append("version", version)
                    .append("generation", deployment.generation())
                    .append("spec", new Document(spec))
                    .append("desired", Desired.RUN.name())
                    .append("stopReason", null)
                    .append("avoidNodes", avoidNodes)
                    .append("node", null)
                    .append("address", null)
                    .append("port", null)
                    .append("boundAt", null)
                    .append("unplacedReason", null)
                    .append("state", ObservedState.PENDING.name())
                    .append("stateAt", Fields.date(now))
                    .append("exitCode", null)
                    .append("message", null)
                    .append("startCommandAt", null)
                    .append("createdAt", Fields.date(now))
                    .append("healthyAt", null);
            try {
                // An insert has no filter to fence: the lease is checked just before instead. That is
                // enough: the plan's deployment write came first and was fenced (PlanApplier), and a new
                // id overwrites nothing. A holder that stalls between the check and the insert can at
                // most add an instance a newer holder did not plan; that holder's next pass (a resync at
                // the latest) counts it and stops the surplus, since its larger token is not fenced off
                // by this stamp.
                collection.insertOne(lease.stamp(doc));
                return id;
            } catch (MongoWriteException e) {
                // A random id that is taken already: draw another.
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY || attempt == ID_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Asks an instance to stop, unless it was asked already.
     *
     * @param lease the deployer's lease, which fences the write
     * @return true when this call changed it
     * @throws Lease.LostLease when a newer holder of the lease wrote the instance, or this process's term is up
     */
    public boolean requestStop(String instanceId, StopReason reason, Lease lease) {
        Bson target = Filters.eq("_id", instanceId);
        if (collection.updateOne(lease.fence(Filters.and(target, Filters.ne("desired", Desired.STOP.name()))),
                Updates.combine(Updates.set("desired", Desired.STOP.name()), Updates.set("stopReason", reason.value()),
                        lease.stamp())).getModifiedCount() > 0) {
            return true;
        }
        lease.checkFenced(collection, target);
        return false;
    }

    private String randomSuffix() {
        char[] chars = new char[8];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
        }
        return new String(chars);
    }

    static InstanceView view(Document doc) {
        return new InstanceView(
                String.valueOf(doc.get("_id")),
                String.valueOf(Fields.stringOf(doc, "version")),
                Fields.longOf(doc, "generation", 0),
                Fields.enumOf(doc, "desired", Desired.class, Desired.RUN),
                StopReason.parse(Fields.stringOf(doc, "stopReason")),
                Fields.stringOf(doc, "node"),
                Fields.enumOf(doc, "state", ObservedState.class, ObservedState.PENDING),
                Fields.instantOf(doc, "stateAt"),
                Fields.instantOf(doc, "createdAt"),
                Fields.integerOf(doc, "exitCode"),
                Fields.stringOf(doc, "message"),
                Fields.stringsOf(doc, "avoidNodes"));
    }
}
