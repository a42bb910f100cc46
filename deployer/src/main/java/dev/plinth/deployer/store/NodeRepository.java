package dev.plinth.deployer.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import dev.plinth.deployer.reconcile.NodeState;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.bson.Document;

import java.util.HashMap;
import java.util.Map;

/** The {@code nodes} collection, owned by node-manager; the deployer reads each node's {@code state}. */
@Singleton
public class NodeRepository {

    /** The collection name. */
    public static final String COLLECTION = "nodes";

    private final MongoCollection<Document> collection;

    public NodeRepository(MongoClient client, @Value("${plinth.mongodb.database:plinth}") String database) {
        this.collection = client.getDatabase(database).getCollection(COLLECTION);
    }

    /** @return every node's state by node name */
    public Map<String, NodeState> states() {
        Map<String, NodeState> states = new HashMap<>();
        collection.find().projection(Projections.include("_id", "state"))
                .forEach(doc -> states.put(String.valueOf(doc.get("_id")), NodeState.parse(Fields.stringOf(doc, "state"))));
        return states;
    }
}
