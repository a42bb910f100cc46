package dev.plinth.nodemanager.instances;

import com.mongodb.client.MongoCollection;
import dev.plinth.contracts.events.InstanceState;
import dev.plinth.contracts.events.InstanceStatus;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.InstanceDocument;
import dev.plinth.kit.control.Lease;
import dev.plinth.nodemanager.placement.Binding;
import dev.plinth.nodemanager.testinfra.Contexts;
import dev.plinth.testkit.mongo.InProcessMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import static dev.plinth.nodemanager.testinfra.Fixtures.NOW;
import static dev.plinth.nodemanager.testinfra.Fixtures.instance;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstanceStoreTest {

    private InProcessMongo mongo;
    private InstanceStore store;
    private MongoCollection<Document> docs;
    private Lease lease;

    @BeforeEach
    void start() {
        mongo = InProcessMongo.start();
        store = new InstanceStore(mongo.database(Contexts.DATABASE));
        store.ensureIndexes();
        docs = mongo.database(Contexts.DATABASE).getCollection(Collections.INSTANCES);
        lease = new Lease(mongo.database(Contexts.DATABASE), "node-manager", "test", Duration.ofMinutes(1), Clock.systemUTC());
        assertTrue(lease.acquire());
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void bindsOnlyAnInstanceThatIsStillUnboundAndWanted() {
        docs.insertMany(List.of(instance("a-1").document(), instance("a-2").bound("node-2", 22000).document(),
                instance("a-3").desired("STOP").document(), instance("a-4").unplaced("no node is ready").document()));

        assertTrue(store.bind(new Binding("a-1", "node-1", "10.0.0.1", 21000), NOW, lease));
        assertFalse(store.bind(new Binding("a-2", "node-1", "10.0.0.1", 21001), NOW, lease), "someone bound it meanwhile");
        assertFalse(store.bind(new Binding("a-3", "node-1", "10.0.0.1", 21002), NOW, lease), "the deployer stopped wanting it");
        assertTrue(store.bind(new Binding("a-4", "node-1", "10.0.0.1", 21003), NOW, lease));

        Document a1 = doc("a-1");
        assertEquals("node-1", a1.getString("node"));
        assertEquals("10.0.0.1", a1.getString("address"));
        assertEquals(21000, a1.getInteger("port"));
        assertEquals(Date.from(NOW), a1.getDate("boundAt"));
        assertEquals("node-2", doc("a-2").getString("node"));
        assertEquals(22000, doc("a-2").getInteger("port"));
        assertNull(doc("a-3").get("node"));
        assertFalse(doc("a-4").containsKey("unplacedReason"), "a placed instance has no unplaced reason");
    }

    @Test
    void notesUnplacedReasonsOnlyOnUnboundInstances() {
        docs.insertMany(List.of(instance("a-1").document(), instance("a-2").bound("node-1", 21000).document()));

        store.markUnplaced("a-1", "no node is ready: 3 lost", lease);
        store.markUnplaced("a-2", "no node is ready: 3 lost", lease);

        assertEquals("no node is ready: 3 lost", doc("a-1").getString("unplacedReason"));
        assertFalse(doc("a-2").containsKey("unplacedReason"));
    }

    @Test
    void recordsTheFirstReportAndThenOnlyNewerOnes() {
        docs.insertOne(instance("a-1").bound("node-1", 21000).document());

        assertTrue(store.record(status("a-1", "node-1", 3, InstanceState.STARTING, NOW, null, "started with warnings: x")));
        assertTrue(store.record(status("a-1", "node-1", 3, InstanceState.HEALTHY, NOW.plusSeconds(2), null, null)));
        assertFalse(store.record(status("a-1", "node-1", 3, InstanceState.STARTING, NOW, null, null)), "an older report");

        Document a1 = doc("a-1");
        assertEquals("HEALTHY", a1.getString("state"));
        assertEquals(Date.from(NOW.plusSeconds(2)), a1.getDate("stateAt"));
        assertEquals(Date.from(NOW.plusSeconds(2)), a1.getDate("healthyAt"));
        assertFalse(a1.containsKey("message"), "a report without a message clears the old one");

        assertTrue(store.record(status("a-1", "node-1", 3, InstanceState.HEALTHY, NOW.plusSeconds(2), null, null)),
                "a re-report of the same change is accepted and changes nothing");
        assertEquals(Date.from(NOW.plusSeconds(2)), doc("a-1").getDate("healthyAt"));
    }

    @Test
    void recordsWhereTheAgentSaysTheInstanceListens() {
        docs.insertOne(instance("a-1").bound("node-1", 21000).document());
        assertEquals("127.0.0.1", doc("a-1").getString("address"), "bound at the node's address");

        InstanceStatus healthy = status("a-1", "node-1", 3, InstanceState.HEALTHY, NOW, null, null);
        assertTrue(store.record(new InstanceStatus(healthy.eventId(), healthy.instanceId(), healthy.nodeId(), healthy.app(),
                healthy.deploymentId(), healthy.version(), healthy.generation(), healthy.state(), "10.213.0.2",
                healthy.port(), null, null, healthy.timestamp())));
        assertEquals("10.213.0.2", doc("a-1").getString("address"), "the inner end of its network namespace");

        InstanceStatus stale = status("a-1", "node-1", 3, InstanceState.STARTING, NOW.minusSeconds(5), null, null);
        assertFalse(store.record(stale));
        assertEquals("10.213.0.2", doc("a-1").getString("address"), "a report that is not recorded moves nothing");
    }

    @Test
    void acceptsTheFirstReportWhateverTheAgentsClockSays() {
        docs.insertOne(instance("a-1").bound("node-1", 21000).document());

        assertTrue(store.record(status("a-1", "node-1", 3, InstanceState.STARTING, NOW.minusSeconds(3600), null, null)),
                "the agent's clock is an hour behind the deployer's createdAt/stateAt");
        assertEquals("STARTING", doc("a-1").getString("state"));
    }

    @Test
    void refusesReportsFromAnotherNodeOrGenerationOrForUnknownInstances() {
        docs.insertOne(instance("a-1").bound("node-1", 21000).document());

        assertFalse(store.record(status("a-1", "node-2", 3, InstanceState.HEALTHY, NOW, null, null)));
        assertFalse(store.record(status("a-1", "node-1", 2, InstanceState.HEALTHY, NOW, null, null)));
        assertFalse(store.record(status("nobody", "node-1", 3, InstanceState.HEALTHY, NOW, null, null)));
        assertEquals("PENDING", doc("a-1").getString("state"));
    }

    @Test
    void anEndIsFinal() {
        docs.insertOne(instance("a-1").bound("node-1", 21000).document());
        store.record(status("a-1", "node-1", 3, InstanceState.EXITED, NOW, 137, "exited with code 137 (SIGKILL)"));

        assertFalse(store.record(status("a-1", "node-1", 3, InstanceState.STOPPED, NOW.plusSeconds(5), null,
                "not running on node node-1")), "a later stop does not hide how it ended");
        assertFalse(store.record(status("a-1", "node-1", 3, InstanceState.HEALTHY, NOW.plusSeconds(5), null, null)));
        assertTrue(store.record(status("a-1", "node-1", 3, InstanceState.EXITED, NOW, 137, "exited with code 137 (SIGKILL)")));

        Document a1 = doc("a-1");
        assertEquals("EXITED", a1.getString("state"));
        assertEquals(137, a1.getInteger("exitCode"));
        assertEquals("exited with code 137 (SIGKILL)", a1.getString("message"));
    }

    @Test
    void matchesAGenerationStoredAsALongOrAnInt() {
        docs.insertOne(instance("a-1").bound("node-1", 21000).document().append(InstanceDocument.GENERATION, 3L));
        docs.insertOne(instance("a-2").bound("node-1", 21001).document().append(InstanceDocument.GENERATION, 3));

        assertTrue(store.record(status("a-1", "node-1", 3, InstanceState.STARTING, NOW, null, null)));
        assertTrue(store.record(status("a-2", "node-1", 3, InstanceState.STARTING, NOW, null, null)));
    }

    @Test
    void endsOnlyInstancesThatWereNeverStarted() {
        docs.insertMany(List.of(instance("a-1").desired("STOP").document(),
                instance("a-2").bound("node-1", 21000).desired("STOP").startSent(NOW.minusSeconds(1)).document(),
                instance("a-3").desired("RUN").document()));

        assertTrue(store.endNeverStarted("a-1", NOW, lease));
        assertFalse(store.endNeverStarted("a-2", NOW, lease), "a start went out: its agent will report");
        assertFalse(store.endNeverStarted("a-3", NOW, lease), "it should run");

        assertEquals("STOPPED", doc("a-1").getString("state"));
        assertEquals("stopped before it was started", doc("a-1").getString("message"));
        assertEquals("PENDING", doc("a-2").getString("state"));
    }

    @Test
    void readsWhatHasNotEndedAndWhatNodesHold() {
        docs.insertMany(List.of(instance("a-1").document(),
                instance("a-2").bound("node-1", 21000).state("HEALTHY").document(),
                instance("a-3").bound("node-1", 21001).state("EXITED").document(),
                instance("a-4").bound("node-1", 21002).desired("STOP").state("STOPPED").document(),
                instance("a-5").bound("node-2", 21000).without("state").document()));

        assertEquals(List.of("a-1", "a-2", "a-5"), store.notEnded().stream().map(InstanceRecord::id).sorted().toList());
        assertEquals(List.of("a-2", "a-3"), store.bound("node-1").stream().map(InstanceRecord::id).sorted().toList(),
                "an exited instance that should run is still shown; a stopped one not wanted is history");
        assertEquals(List.of("a-2", "a-3", "a-5"), store.bound(null).stream().map(InstanceRecord::id).sorted().toList());
        assertEquals(List.of("a-3", "a-4"), store.byIds(List.of("a-3", "a-4", "zz")).stream().map(InstanceRecord::id).sorted().toList());
    }

    @Test
    void skipsADocumentItCannotReadAndReadsTheRest() {
        docs.insertMany(List.of(instance("a-1").document(),
                instance("a-2").document().append(InstanceDocument.SPEC, "not a document")));

        assertEquals(List.of("a-1"), store.notEnded().stream().map(InstanceRecord::id).toList());
    }

    @Test
    void notesWhenAStartWasSent() {
        docs.insertOne(instance("a-1").bound("node-1", 21000).document());

        store.startSent("a-1", NOW, lease);

        assertEquals(NOW, store.byId("a-1").startCommandAt());
    }

    @Test
    void everyWriteOfTheHolderIsRefusedOnceANewerHolderWroteTheInstance() {
        Document newer = new Document(Lease.FENCE_FIELD, new Document("node-manager", 2L));
        docs.insertMany(List.of(instance("a-1").document().append(Lease.FENCE_FIELD, newer.get(Lease.FENCE_FIELD)),
                instance("a-2").desired("STOP").document().append(Lease.FENCE_FIELD, newer.get(Lease.FENCE_FIELD)),
                instance("a-3").document().append(Lease.FENCE_FIELD, new Document("node-manager", 1L))));
        List<Runnable> writes = List.of(
                () -> store.bind(new Binding("a-1", "node-1", "10.0.0.1", 21000), NOW, lease),
                () -> store.markUnplaced("a-1", "no node is ready", lease),
                () -> store.startSent("a-1", NOW, lease),
                () -> store.endNeverStarted("a-2", NOW, lease));

        for (Runnable write : writes) {
            assertThrows(Lease.LostLease.class, write::run);
            assertFalse(lease.isHeld(), "this holder stops acting at once");
            assertTrue(lease.acquire(), "the test's lease itself is still this holder's: take it up again");
        }

        assertNull(doc("a-1").get("node"));
        assertFalse(doc("a-1").containsKey("unplacedReason"));
        assertNull(doc("a-1").get("startCommandAt"));
        assertEquals("PENDING", doc("a-2").getString("state"));
        assertTrue(store.bind(new Binding("a-3", "node-1", "10.0.0.1", 21000), NOW, lease), "its own token passes");
        assertEquals(new Document("node-manager", 1L), doc("a-3").get(Lease.FENCE_FIELD));
    }

    private Document doc(String id) {
        return docs.find(new Document(InstanceDocument.ID, id)).first();
    }

    private static InstanceStatus status(String id, String node, long generation, InstanceState state, Instant at,
                                         Integer exitCode, String message) {
        return new InstanceStatus(UUID.randomUUID().toString(), id, node, "a", "dep-a", "1.0.0", generation, state,
                "127.0.0.1", 21000, exitCode, message, at);
    }
}
