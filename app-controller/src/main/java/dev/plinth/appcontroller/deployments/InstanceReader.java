package dev.plinth.appcontroller.deployments;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.plinth.appcontroller.store.Database;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.NodeDocument;
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
    private final MongoCollection<Document> nodes;

    public InstanceReader(Database database) {
        this.instances = database.collection(Collections.INSTANCES);
        this.nodes = database.collection(Collections.NODES);
    }

    /**
     * @param app an app
     * @return the ids of its instances that have not ended yet, leaving out those on a lost node
     *         (they will never report their end); a deployment is STOPPED as soon as its instances are
     *         told to stop, so this is what says they actually have
     */
    public List<String> notEnded(String app) {
        List<Document> open = new ArrayList<>();
        instances.find(Filters.and(Filters.eq("app", app), Filters.nin("state", TERMINAL)))
                .projection(new Document("_id", 1).append("node", 1)).into(open);
        if (open.isEmpty()) {
            return List.of();
        }
        java.util.Set<String> lost = new java.util.HashSet<>();
        List<String> onNodes = open.stream().map(d -> d.getString("node")).filter(java.util.Objects::nonNull).distinct().toList();
        if (!onNodes.isEmpty()) {
            nodes.find(Filters.and(Filters.in(NodeDocument.ID, onNodes), Filters.eq(NodeDocument.STATE, "LOST")))
                    .projection(new Document(NodeDocument.ID, 1)).forEach(d -> lost.add(NodeDocument.read(d).name()));
        }
        return open.stream().filter(d -> d.getString("node") == null || !lost.contains(d.getString("node")))
                .map(d -> String.valueOf(d.get("_id"))).sorted().toList();
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
