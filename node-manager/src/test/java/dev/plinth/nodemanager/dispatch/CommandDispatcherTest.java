package dev.plinth.nodemanager.dispatch;

import com.mongodb.client.MongoCollection;
import dev.plinth.contracts.events.NodeCommand;
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
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.plinth.nodemanager.testinfra.Fixtures.NOW;
import static dev.plinth.nodemanager.testinfra.Fixtures.instance;
import static dev.plinth.nodemanager.testinfra.Fixtures.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dispatcher against a MongoDB wire server; commands go to a recorder instead of Kafka. */
class CommandDispatcherTest {

    private InProcessMongo mongo;
    private InstanceStore store;
    private MongoCollection<Document> docs;
    private final MutableClock clock = new MutableClock(NOW);
    private final List<NodeCommand> sent = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        mongo = InProcessMongo.start();
        store = new InstanceStore(mongo.database(Contexts.DATABASE));
        docs = mongo.database(Contexts.DATABASE).getCollection(dev.plinth.contracts.state.Collections.INSTANCES);
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void sendsNoCommandOnceTheHoldersTermIsUp() {
        docs.insertOne(instance("a-1").bound("node-1", 21000).document());
        Lease lease = new Lease(mongo.database(Contexts.DATABASE), "node-manager", "nm-a", Duration.ofSeconds(10), clock);
        assertTrue(lease.acquire());
        CommandDispatcher dispatcher = new CommandDispatcher(store, (node, command) -> sent.add(command),
                "http://127.0.0.1:8080", Duration.ofSeconds(10), clock);
        List<NodeView> nodes = List.of(node("node-1", NodeState.READY));
        var read = store.notEnded();

        // The pass stalls past the term between its read and its send.
        clock.advance(Duration.ofSeconds(10));
        assertThrows(Lease.LostLease.class, () -> dispatcher.dispatch(nodes, read, lease));
        assertEquals(List.of(), sent, "a command cannot be fenced: none goes out");
        assertNull(docs.find(new Document("_id", "a-1")).first().get("startCommandAt"));
        assertFalse(lease.isHeld());

        assertTrue(lease.acquire(), "renewed: nobody took it meanwhile");
        dispatcher.dispatch(nodes, store.notEnded(), lease);
        assertEquals(1, sent.size());
        assertEquals(NodeCommand.Type.START_INSTANCE, sent.get(0).type());
        assertEquals(lease.token(), sent.get(0).fence(), "the command carries the holder's fencing token");
        assertTrue(sent.get(0).fence() > 0);
        Document a1 = docs.find(new Document("_id", "a-1")).first();
        assertEquals(Date.from(clock.instant()), a1.getDate("startCommandAt"));
        assertEquals(new Document("node-manager", 1L), a1.get(Lease.FENCE_FIELD));
    }

    /** The agent learns where the version runs; a spec stored before runtimes were recorded says process. */
    @Test
    void aStartCommandCarriesTheRuntimesOfTheSpec() {
        docs.insertOne(instance("a-1").bound("node-1", 21000).document());
        docs.insertOne(instance("b-1").bound("node-1", 21001).runtimes("docker", "process").document());
        Lease lease = new Lease(mongo.database(Contexts.DATABASE), "node-manager", "nm-a", Duration.ofSeconds(10), clock);
        assertTrue(lease.acquire());
        CommandDispatcher dispatcher = new CommandDispatcher(store, (node, command) -> sent.add(command),
                "http://127.0.0.1:8080", Duration.ofSeconds(10), clock);

        dispatcher.dispatch(List.of(node("node-1", NodeState.READY)), store.notEnded(), lease);

        assertEquals(List.of("a-1: [process]", "b-1: [process, docker]"), sent.stream()
                .map(c -> c.instanceId() + ": " + c.spec().runtimes()).sorted().toList());
    }
}
