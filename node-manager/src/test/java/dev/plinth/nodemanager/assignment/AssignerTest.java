package dev.plinth.nodemanager.assignment;

import com.mongodb.client.MongoCollection;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.InstanceDocument;
import dev.plinth.kit.control.Lease;
import dev.plinth.nodemanager.instances.InstanceStore;
import dev.plinth.nodemanager.registry.NodeState;
import dev.plinth.nodemanager.registry.NodeView;
import dev.plinth.nodemanager.testinfra.Contexts;
import dev.plinth.testkit.mongo.InProcessMongo;
import dev.plinth.testkit.time.MutableClock;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.plinth.nodemanager.testinfra.Fixtures.NOW;
import static dev.plinth.nodemanager.testinfra.Fixtures.instance;
import static dev.plinth.nodemanager.testinfra.Fixtures.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Placement passes against a MongoDB wire server. */
class AssignerTest {

    private InProcessMongo mongo;
    private InstanceStore store;
    private MongoCollection<Document> docs;
    private Lease lease;
    private final MutableClock clock = new MutableClock(NOW);

    @BeforeEach
    void start() {
        mongo = InProcessMongo.start();
        store = new InstanceStore(mongo.database(Contexts.DATABASE));
        docs = mongo.database(Contexts.DATABASE).getCollection(Collections.INSTANCES);
        lease = new Lease(mongo.database(Contexts.DATABASE), "node-manager", "nm-a", Duration.ofSeconds(30), clock);
        assertTrue(lease.acquire());
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void aPortJustFreedIsNotGivenToTheNextInstance() {
        Assigner assigner = new Assigner(store, clock);
        List<NodeView> nodes = List.of(node("node-1", NodeState.READY));
        int from = nodes.get(0).spec().ports().from();

        docs.insertOne(instance("a-1").document());
        assertEquals(1, assigner.assign(nodes, store.notEnded(), lease));
        assertEquals(from, port("a-1"));

        // a-1 ends; the gateway may still hold a route to its port for a moment.
        docs.updateOne(new Document(InstanceDocument.ID, "a-1"), new Document("$set",
                new Document(InstanceDocument.STATE, "STOPPED").append(InstanceDocument.DESIRED, InstanceDocument.STOP)));
        docs.insertOne(instance("b-1").document());
        assertEquals(1, assigner.assign(nodes, store.notEnded(), lease));
        assertEquals(from + 1, port("b-1"), "b-1 gets the next port, not the one a-1 just left");
    }

    private int port(String id) {
        return docs.find(new Document(InstanceDocument.ID, id)).first().getInteger(InstanceDocument.PORT);
    }
}
