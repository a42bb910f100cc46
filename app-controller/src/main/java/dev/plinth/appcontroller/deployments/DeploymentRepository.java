package dev.plinth.appcontroller.deployments;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.plinth.appcontroller.store.Database;
import dev.plinth.contracts.state.Collections;
import jakarta.inject.Singleton;
import org.bson.Document;

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
        deployments.insertOne(new Document("_id", d.id())
                .append("app", d.app())
                .append("owner", d.owner())
                .append("version", d.version())
                .append("instances", d.instances())
                .append("generation", d.generation())
                .append("active", d.active())
                .append("spec", d.spec().toDocument())
                .append("stableVersion", null)
                .append("stableSpec", null)
                .append("status", d.status())
                .append("reason", null)
                .append("scheduleId", d.scheduleId())
                .append("createdAt", Database.date(d.createdAt()))
                .append("updatedAt", Database.date(d.updatedAt()))
                .append("statusAt", Database.date(d.statusAt())));
    }

    /** @return the app's active deployment, if any */
    public Optional<DeploymentRecord> findActive(String app) {
        return Optional.ofNullable(deployments.find(Filters.and(Filters.eq("app", app), Filters.eq("active", true)))
                .sort(Sorts.descending("createdAt")).first()).map(DeploymentRepository::toRecord);
    }

    /** @return the deployment, if it exists */
    public Optional<DeploymentRecord> find(String id) {
        return Optional.ofNullable(deployments.find(Filters.eq("_id", id)).first()).map(DeploymentRepository::toRecord);
    }

    /** @return the app's deployments, newest first */
    public List<DeploymentRecord> list(String app) {
        List<DeploymentRecord> out = new ArrayList<>();
        for (Document doc : deployments.find(Filters.eq("app", app)).sort(Sorts.descending("createdAt"))) {
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
                Filters.and(Filters.eq("_id", id), Filters.eq("generation", generation), Filters.eq("active", true)),
                Updates.combine(
                        Updates.set("version", version),
                        Updates.set("instances", instances),
                        Updates.set("spec", spec.toDocument()),
                        Updates.set("updatedAt", Database.date(now)),
                        Updates.inc("generation", 1L))).getModifiedCount() > 0;
    }

    /**
     * Marks an active deployment stopped and raises its generation; the deployer stops its instances.
     *
     * @return false when the deployment changed since {@code generation} was read, or is stopped
     */
    public boolean stop(String id, long generation, Instant now) {
        return deployments.updateOne(
                Filters.and(Filters.eq("_id", id), Filters.eq("generation", generation), Filters.eq("active", true)),
                Updates.combine(
                        Updates.set("active", false),
                        Updates.set("updatedAt", Database.date(now)),
                        Updates.inc("generation", 1L))).getModifiedCount() > 0;
    }

    /** Deletes the app's stopped deployments, when the app itself is deleted. */
    public void deleteStopped(String app) {
        deployments.deleteMany(Filters.and(Filters.eq("app", app), Filters.eq("active", false)));
    }

    private static DeploymentRecord toRecord(Document doc) {
        return new DeploymentRecord(doc.getString("_id"), doc.getString("app"), doc.getString("owner"),
                doc.getString("version"), ((Number) doc.get("instances")).intValue(),
                ((Number) doc.get("generation")).longValue(), doc.getBoolean("active", false),
                InstanceSpecDocument.fromDocument(doc.get("spec", Document.class)), doc.getString("stableVersion"),
                doc.get("status", DeploymentRecord.PENDING), doc.getString("reason"), doc.getString("scheduleId"),
                Database.instant(doc, "createdAt"), Database.instant(doc, "updatedAt"), Database.instant(doc, "statusAt"));
    }
}
