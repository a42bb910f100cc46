package dev.plinth.deployer.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.InstanceDocument;
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
        collection.createIndex(Indexes.ascending(InstanceDocument.DEPLOYMENT_ID));
    }

    /** @return every instance of the deployment, history included */
    public List<InstanceView> findByDeployment(String deploymentId) {
        List<InstanceView> views = new ArrayList<>();
        collection.find(Filters.eq(InstanceDocument.DEPLOYMENT_ID, deploymentId)).forEach(doc -> views.add(view(doc)));
        return views;
    }

    /** @return the deployments with an instance on that node that should run */
    public Set<String> deploymentsOnNode(String node) {
        Set<String> ids = new LinkedHashSet<>();
        collection.find(Filters.and(Filters.eq(InstanceDocument.NODE, node), Filters.eq(InstanceDocument.DESIRED, Desired.RUN.name())))
                .projection(new Document(InstanceDocument.DEPLOYMENT_ID, 1))
                .forEach(doc -> {
                    String deploymentId = InstanceDocument.read(doc).deploymentId();
                    if (deploymentId != null) {
                        ids.add(deploymentId);
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
            Document doc = InstanceDocument.created(id, deployment.id(), deployment.app(), deployment.owner(), version,
                    deployment.generation(), spec, avoidNodes, now);
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
        Bson target = Filters.eq(InstanceDocument.ID, instanceId);
        List<Bson> updates = new ArrayList<>();
        InstanceDocument.stopFields(reason.value()).forEach((field, value) -> updates.add(Updates.set(field, value)));
        updates.add(lease.stamp());
        if (collection.updateOne(lease.fence(Filters.and(target, Filters.ne(InstanceDocument.DESIRED, Desired.STOP.name()))),
                Updates.combine(updates)).getModifiedCount() > 0) {
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
        InstanceDocument instance = InstanceDocument.read(doc);
        return new InstanceView(
                instance.id(),
                String.valueOf(instance.version()),
                instance.generation(),
                Fields.enumOf(instance.desired(), Desired.class, Desired.RUN),
                StopReason.parse(instance.stopReason()),
                instance.node(),
                Fields.enumOf(instance.state(), ObservedState.class, ObservedState.PENDING),
                instance.stateAt(),
                instance.createdAt(),
                instance.exitCode(),
                instance.message(),
                instance.avoidNodes());
    }
}
