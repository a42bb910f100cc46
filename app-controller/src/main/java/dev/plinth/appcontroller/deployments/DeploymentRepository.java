package dev.plinth.appcontroller.deployments;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.plinth.appcontroller.store.Database;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.DeploymentDocument;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code deployments} collection. Changes to the desired state are conditional on the
 * generation read, so a concurrent change by the deployer (a rollback) is never overwritten.
 */
@Singleton
public class DeploymentRepository {

    private final MongoCollection<Document> deployments;

    public DeploymentRepository(Database database) {
        this.deployments = database.collection(Collections.DEPLOYMENTS);
    }

    /**
     * Inserts a new deployment.
     *
     * @throws RuntimeException a duplicate-key error ({@link Database#duplicateKey}) when the id exists
     */
    public void insert(DeploymentRecord d) {
        deployments.insertOne(DeploymentDocument.created(d.id(), d.app(), d.owner(), d.version(), d.instances(),
                d.generation(), d.active(), d.spec().toDocument(), d.status(), d.scheduleId(), d.createdAt(),
                d.updatedAt(), d.statusAt()));
    }

    /** @return the app's active deployment, if any */
    public Optional<DeploymentRecord> findActive(String app) {
        return Optional.ofNullable(deployments.find(Filters.and(Filters.eq(DeploymentDocument.APP, app),
                        Filters.eq(DeploymentDocument.ACTIVE, true)))
                .sort(Sorts.descending(DeploymentDocument.CREATED_AT)).first()).map(DeploymentRepository::toRecord);
    }

    /** @return the deployment, if it exists */
    public Optional<DeploymentRecord> find(String id) {
        return Optional.ofNullable(deployments.find(Filters.eq(DeploymentDocument.ID, id)).first()).map(DeploymentRepository::toRecord);
    }

    /** @return the app's deployments, newest first */
    public List<DeploymentRecord> list(String app) {
        List<DeploymentRecord> out = new ArrayList<>();
        for (Document doc : deployments.find(Filters.eq(DeploymentDocument.APP, app)).sort(Sorts.descending(DeploymentDocument.CREATED_AT))) {
            out.add(toRecord(doc));
        }
        return out;
    }

    /**
     * Changes what an active deployment should run and raises its generation.
     *
     * @return false when the deployment changed since {@code generation} was read, or is stopped
     */
    public boolean changeDesired(String id, long generation, String version, int instances, InstanceSpecDocument spec,
                                 Instant now) {
        return deployments.updateOne(
                current(id, generation),
                new Document("$set", DeploymentDocument.desiredFields(version, instances, spec.toDocument(), now))
                        .append("$inc", new Document(DeploymentDocument.GENERATION, 1L))).getModifiedCount() > 0;
    }

    /**
     * Marks an active deployment stopped and raises its generation; the deployer stops its instances.
     *
     * @return false when the deployment changed since {@code generation} was read, or is stopped
     */
    public boolean stop(String id, long generation, Instant now) {
        return deployments.updateOne(
                current(id, generation),
                new Document("$set", DeploymentDocument.stoppedFields(now))
                        .append("$inc", new Document(DeploymentDocument.GENERATION, 1L))).getModifiedCount() > 0;
    }

    /** Deletes the app's stopped deployments, when the app itself is deleted. */
    public void deleteStopped(String app) {
        deployments.deleteMany(Filters.and(Filters.eq(DeploymentDocument.APP, app), Filters.eq(DeploymentDocument.ACTIVE, false)));
    }

    /** @return the filter of an active deployment still at the generation read */
    private static Bson current(String id, long generation) {
        return Filters.and(Filters.eq(DeploymentDocument.ID, id), Filters.eq(DeploymentDocument.GENERATION, generation),
                Filters.eq(DeploymentDocument.ACTIVE, true));
    }

    private static DeploymentRecord toRecord(Document doc) {
        DeploymentDocument d = DeploymentDocument.read(doc);
        return new DeploymentRecord(d.id(), d.app(), d.owner(), d.version(), d.instances(), d.generation(), d.active(),
                InstanceSpecDocument.fromDocument(d.spec()), d.stableVersion(),
                d.status() == null ? DeploymentDocument.PENDING : d.status(), d.reason(), d.scheduleId(),
                d.createdAt(), d.updatedAt(), d.statusAt());
    }
}
