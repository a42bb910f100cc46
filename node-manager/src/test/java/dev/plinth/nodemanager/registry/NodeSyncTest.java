package dev.plinth.nodemanager.registry;

import com.mongodb.client.MongoCollection;
import dev.plinth.contracts.events.NodeHeartbeat;
import dev.plinth.contracts.inventory.NodeInventory;
import dev.plinth.contracts.state.Collections;
import dev.plinth.kit.control.Lease;
import dev.plinth.nodemanager.testinfra.Contexts;
import dev.plinth.testkit.mongo.InProcessMongo;
import dev.plinth.testkit.time.MutableClock;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static dev.plinth.nodemanager.testinfra.Fixtures.NOW;
import static dev.plinth.nodemanager.testinfra.Fixtures.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeSyncTest {

    private InProcessMongo mongo;
    private MongoCollection<Document> nodes;
    private final MutableClock clock = new MutableClock(NOW);
    private Lease lease;

    @BeforeEach
    void start() {
        mongo = InProcessMongo.start();
        nodes = mongo.database(Contexts.DATABASE).getCollection(Collections.NODES);
        lease = new Lease(mongo.database(Contexts.DATABASE), "node-manager", "test", Duration.ofDays(1), clock);
        assertTrue(lease.acquire());
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void writesTheInventoryAndMarksNodesThatLeftItLost() {
        nodes.insertOne(new Document("_id", "old-node").append("state", "READY").append("adminState", "ACTIVE"));
        NodeRegistry registry = registry();

        sync(registry).refresh();

        Document node1 = nodes.find(new Document("_id", "node-1")).first();
        assertEquals("local", node1.getString("kind"));
        assertEquals("127.0.0.1", node1.getString("address"));
        assertEquals("process", node1.getString("runtime"));
        assertEquals(2.0, node1.getDouble("cpu"));
        assertEquals(2048, node1.getInteger("memoryMb"));
        assertEquals(new Document("zone", "north"), node1.get("labels"));
        assertEquals(spec("node-1").ports().from(), node1.get("ports", Document.class).getInteger("from"));
        assertEquals("UNKNOWN", node1.getString("state"));
        assertEquals("ACTIVE", node1.getString("adminState"));
        assertEquals("LOST", nodes.find(new Document("_id", "old-node")).first().getString("state"));
    }

    @Test
    void theAdminStateSurvivesARestart() {
        NodeRegistry first = registry();
        NodeSync firstSync = sync(first);
        firstSync.refresh();
        first.heartbeat(beat("node-1", List.of()));
        firstSync.setAdminState("node-1", AdminState.CORDONED);
        firstSync.setAdminState("node-2", AdminState.DRAINING);
        firstSync.persist(lease);

        NodeRegistry second = registry();
        sync(second).refresh();

        assertEquals(AdminState.CORDONED, second.node("node-1").orElseThrow().adminState());
        assertEquals(NodeState.CORDONED, second.node("node-1").orElseThrow().state(), "heard of just now");
        assertEquals(AdminState.DRAINING, second.node("node-2").orElseThrow().adminState());
        Document node1 = nodes.find(new Document("_id", "node-1")).first();
        assertEquals("CORDONED", node1.getString("adminState"));
        assertEquals("CORDONED", node1.getString("state"));
    }

    @Test
    void takesAdminStatesChangedByAnotherProcess() {
        NodeRegistry registry = registry();
        NodeSync sync = sync(registry);
        sync.refresh();

        nodes.updateOne(new Document("_id", "node-2"), new Document("$set", new Document("adminState", "DRAINING")));
        sync.refresh();

        assertEquals(AdminState.DRAINING, registry.node("node-2").orElseThrow().adminState());
    }

    @Test
    void writesHeartbeatFiguresWhenTheyMatterAndOtherwiseEveryFewSeconds() {
        NodeRegistry registry = registry();
        NodeSync sync = sync(registry);
        sync.refresh();
        registry.heartbeat(beat("node-1", List.of("a-1")));

        sync.persist(lease);
        Document written = nodes.find(new Document("_id", "node-1")).first();
        assertEquals("READY", written.getString("state"));
        assertEquals(List.of("a-1"), written.getList("running", String.class));
        assertEquals(Date.from(clock.instant()), written.getDate("lastHeartbeatAt"));
        assertEquals("agent-node-1", written.getString("agentId"));
        assertEquals(0.25, written.getDouble("cpuUsed"));
        assertEquals(300L, ((Number) written.get("memoryUsedMb")).longValue());

        clock.advance(Duration.ofSeconds(2));
        registry.heartbeat(beat("node-1", List.of("a-1")));
        sync.persist(lease);
        assertEquals(Date.from(NOW), nodes.find(new Document("_id", "node-1")).first().getDate("lastHeartbeatAt"),
                "nothing changed: not written");

        clock.advance(Duration.ofSeconds(1));
        registry.heartbeat(beat("node-1", List.of("a-1", "a-2")));
        sync.persist(lease);
        assertEquals(List.of("a-1", "a-2"), nodes.find(new Document("_id", "node-1")).first().getList("running", String.class),
                "the instances changed: written at once");

        clock.advance(Duration.ofSeconds(5));
        registry.heartbeat(beat("node-1", List.of("a-1", "a-2")));
        sync.persist(lease);
        assertEquals(Date.from(clock.instant()), nodes.find(new Document("_id", "node-1")).first().getDate("lastHeartbeatAt"),
                "written again after 5 s");

        clock.advance(Duration.ofSeconds(11));
        registry.expire();
        sync.persist(lease);
        assertEquals("LOST", nodes.find(new Document("_id", "node-1")).first().getString("state"));
    }

    @Test
    void aNewerHolderOfTheLeaseFencesOffTheStateWrites() {
        NodeRegistry registry = registry();
        NodeSync sync = sync(registry);
        sync.refresh();
        nodes.updateOne(new Document("_id", "node-1"), new Document("$set",
                new Document(Lease.FENCE_FIELD + ".node-manager", 2L).append("state", "CORDONED")));
        registry.heartbeat(beat("node-1", List.of("a-1")));

        assertThrows(Lease.LostLease.class, () -> sync.persist(lease));

        Document node1 = nodes.find(new Document("_id", "node-1")).first();
        assertEquals("CORDONED", node1.getString("state"), "what the newer holder wrote stays");
        assertEquals(null, node1.get("running"));
        assertFalse(lease.isHeld());
    }

    private NodeRegistry registry() {
        return new NodeRegistry(new NodeInventory(List.of(spec("node-1"), spec("node-2"))), Duration.ofSeconds(10), clock);
    }

    private NodeSync sync(NodeRegistry registry) {
        return new NodeSync(registry, new NodeStore(mongo.database(Contexts.DATABASE)), Duration.ofSeconds(5), clock);
    }

    private NodeHeartbeat beat(String node, List<String> running) {
        return new NodeHeartbeat(node, "agent-" + node, 1, 2, 0.25, 2048, 300, running, clock.instant());
    }
}
