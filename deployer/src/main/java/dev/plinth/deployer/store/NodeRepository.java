package dev.plinth.deployer.store;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.NodeDocument;
import dev.plinth.deployer.reconcile.NodeState;
import jakarta.inject.Singleton;
import org.bson.Document;

import java.util.HashMap;
import java.util.Map;

/** The {@code nodes} collection, owned by node-manager; the deployer reads each node's {@code state} ({@link NodeDocument}). */
@Singleton
public class NodeRepository {

    private final MongoCollection<Document> collection;

    public NodeRepository(MongoDatabase database) {
        this.collection = database.getCollection(Collections.NODES);
    }

    /** @return every node's state by node name */
    public Map<String, NodeState> states() {
        Map<String, NodeState> states = new HashMap<>();
        collection.find().projection(Projections.include(NodeDocument.ID, NodeDocument.STATE))
                .forEach(doc -> {
                    NodeDocument node = NodeDocument.read(doc);
                    states.put(node.name(), NodeState.parse(node.state()));
                });
        return states;
    }
}
