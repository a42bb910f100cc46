package dev.plinth.appcontroller.deployments;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.plinth.appcontroller.store.Database;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.InstanceDocument;
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
        List<InstanceDocument> open = new ArrayList<>();
        instances.find(Filters.and(Filters.eq(InstanceDocument.APP, app),
                        Filters.nin(InstanceDocument.STATE, InstanceDocument.TERMINAL)))
                .projection(new Document(InstanceDocument.ID, 1).append(InstanceDocument.NODE, 1))
                .forEach(d -> open.add(InstanceDocument.read(d)));
        if (open.isEmpty()) {
            return List.of();
        }
        java.util.Set<String> lost = new java.util.HashSet<>();
        List<String> onNodes = open.stream().map(InstanceDocument::node).filter(java.util.Objects::nonNull).distinct().toList();
        if (!onNodes.isEmpty()) {
            nodes.find(Filters.and(Filters.in(NodeDocument.ID, onNodes), Filters.eq(NodeDocument.STATE, "LOST")))
                    .projection(new Document(NodeDocument.ID, 1)).forEach(d -> lost.add(NodeDocument.read(d).name()));
        }
        return open.stream().filter(i -> i.node() == null || !lost.contains(i.node()))
                .map(InstanceDocument::id).sorted().toList();
    }

    /** @return the live instances of a deployment, by id */
    public List<InstanceRecord> ofDeployment(String deploymentId) {
        List<InstanceRecord> out = new ArrayList<>();
        var filter = Filters.and(Filters.eq(InstanceDocument.DEPLOYMENT_ID, deploymentId),
                Filters.or(Filters.ne(InstanceDocument.DESIRED, InstanceDocument.STOP),
                        Filters.nin(InstanceDocument.STATE, InstanceDocument.TERMINAL)));
        for (Document doc : instances.find(filter).sort(Sorts.ascending(InstanceDocument.ID))) {
            InstanceDocument i = InstanceDocument.read(doc);
            out.add(new InstanceRecord(i.id(), i.version(), i.desired() == null ? InstanceDocument.RUN : i.desired(),
                    i.state() == null ? InstanceDocument.PENDING : i.state(), i.node(), i.address(), i.port(),
                    i.message() != null ? i.message() : i.unplacedReason(), i.stateAt()));
        }
        return out;
    }
}
