package dev.plinth.appcontroller.deployments;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.plinth.appcontroller.store.Database;
import jakarta.inject.Singleton;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code instances} collection, which the deployer and node-manager write. Instances that
 * were told to stop and have stopped are history and left out.
 */
@Singleton
public class InstanceReader {

    private static final List<String> TERMINAL = List.of("EXITED", "STOPPED", "FAILED");

    private final MongoCollection<Document> instances;

    public InstanceReader(Database database) {
        this.instances = database.collection(Database.INSTANCES);
    }

    /** @return the live instances of a deployment, by id */
    public List<InstanceRecord> ofDeployment(String deploymentId) {
        List<InstanceRecord> out = new ArrayList<>();
        var filter = Filters.and(Filters.eq("deploymentId", deploymentId),
                Filters.or(Filters.ne("desired", "STOP"), Filters.nin("state", TERMINAL)));
        for (Document doc : instances.find(filter).sort(Sorts.ascending("_id"))) {
            Object port = doc.get("port");
            String unplacedReason = doc.getString("unplacedReason");
            String message = doc.getString("message");
            out.add(new InstanceRecord(doc.getString("_id"), doc.getString("version"), doc.get("desired", "RUN"),
                    doc.get("state", "PENDING"), doc.getString("node"), doc.getString("address"),
                    port instanceof Number n ? n.intValue() : null,
                    message != null ? message : unplacedReason, Database.instant(doc, "stateAt")));
        }
        return out;
    }
}
