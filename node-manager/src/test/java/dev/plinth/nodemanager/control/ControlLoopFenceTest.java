package dev.plinth.nodemanager.control;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.plinth.contracts.events.NodeCommand;
import dev.plinth.contracts.events.NodeHeartbeat;
import dev.plinth.contracts.inventory.NodeInventory;
import dev.plinth.nodemanager.assignment.Assigner;
import dev.plinth.nodemanager.dispatch.CommandDispatcher;
import dev.plinth.nodemanager.dispatch.NodeCommandClient;
import dev.plinth.nodemanager.instances.InstanceStore;
import dev.plinth.nodemanager.registry.NodeRegistry;
import dev.plinth.nodemanager.registry.NodeStore;
import dev.plinth.nodemanager.registry.NodeSync;
import dev.plinth.nodemanager.registry.RegistrySettings;
import dev.plinth.nodemanager.testinfra.Contexts;
import dev.plinth.testkit.mongo.InProcessMongo;
import dev.plinth.testkit.time.MutableClock;
import dev.plinth.testkit.wait.Waits;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static dev.plinth.nodemanager.testinfra.Fixtures.instance;
import static dev.plinth.nodemanager.testinfra.Fixtures.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two node-manager processes on one database, each on its own clock: the first stalls in the middle of
 * a pass past its term, the second takes over and acts, and the first's late write must not land.
 * Kafka is left out: commands and node events go to recorders.
 */
class ControlLoopFenceTest {

    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

    private InProcessMongo mongo;
    private MongoDatabase database;
    private MongoCollection<Document> instances;
    private MongoCollection<Document> nodes;
    private final List<ControlLoop> loops = new ArrayList<>();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger loopLog = (Logger) LoggerFactory.getLogger(ControlLoop.class);

    @BeforeEach
    void start() {
        mongo = InProcessMongo.start();
        database = mongo.database(Contexts.DATABASE);
        instances = database.getCollection(dev.plinth.contracts.state.Collections.INSTANCES);
        nodes = database.getCollection(dev.plinth.contracts.state.Collections.NODES);
        log.start();
        loopLog.addAppender(log);
    }

    @AfterEach
    void stop() {
        loopLog.detachAppender(log);
        loops.forEach(ControlLoop::close);
        mongo.close();
    }

    /** One node-manager process whose agent of node-1 has just reported; it passes only when woken. */
    private ControlLoop process(String holder, Clock leaseClock, NodeCommandClient commands) {
        NodeRegistry registry = new NodeRegistry(new NodeInventory(List.of(spec("node-1"))), Duration.ofHours(1),
                Clock.systemUTC());
        registry.heartbeat(new NodeHeartbeat("node-1", "agent-node-1", 1, 2, 0.1, 2048, 100, List.of(), Instant.now()));
        NodeSync sync = new NodeSync(registry, new NodeStore(database),
                new RegistrySettings(Path.of("unused.yaml"), Duration.ofHours(1), Duration.ofSeconds(5)));
        InstanceStore store = new InstanceStore(database);
        ControlLoop loop = new ControlLoop(registry, sync, store, new Assigner(store),
                new CommandDispatcher(store, commands, "http://127.0.0.1:8080", Duration.ofHours(1)),
                (node, event) -> { }, database, Duration.ofHours(1), Duration.ofSeconds(10), leaseClock, holder);
        loops.add(loop);
        return loop;
    }

    @Test
    void aHolderThatStalledPastItsTermIsFencedOffAndStandsBy() throws Exception {
        instances.insertOne(instance("a-1").document());
        // a's send of the START blocks (a Kafka producer waiting for its broker) until the test lets it
        // go; a's clock stands still meanwhile, as the time a stalled process last saw.
        CountDownLatch aSending = new CountDownLatch(1);
        CountDownLatch aMayGoOn = new CountDownLatch(1);
        List<NodeCommand> aSent = new CopyOnWriteArrayList<>();
        ControlLoop a = process("nm-a", new MutableClock(START), (node, command) -> {
            aSent.add(command);
            aSending.countDown();
            try {
                aMayGoOn.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        a.wake();
        assertTrue(aSending.await(15, TimeUnit.SECONDS), "a placed a-1 and is sending its START");
        assertTrue(a.holdsLease());
        assertEquals("node-1", stored("a-1").getString("node"));
        assertEquals(1L, token(stored("a-1")), "a's binding carries its token");

        // a's term ends for everyone else: b takes the lease over and starts a-1 itself.
        List<NodeCommand> bSent = new CopyOnWriteArrayList<>();
        ControlLoop b = process("nm-b", new MutableClock(START.plusSeconds(11)), (node, command) -> bSent.add(command));
        b.wake();
        await("b takes over and starts a-1", () -> b.holdsLease() && stored("a-1").get("startCommandAt") != null);
        assertEquals(2L, token(stored("a-1")));
        assertEquals(2L, token(nodes.find(new Document("_id", "node-1")).first()), "b wrote node-1's state");

        // a's send returns: its note of the START comes after b's and must not land.
        aMayGoOn.countDown();
        await("a stands by", () -> standingBy("nm-a") > 0);

        assertFalse(a.holdsLease());
        assertEquals(2L, token(stored("a-1")), "a's late write was refused");
        assertEquals(1, aSent.size());
        assertEquals(1, bSent.size());
        assertEquals("start:a-1:3", bSent.get(0).idempotencyKey());
        assertEquals(1, standingBy("nm-a"), "said once");
        assertEquals(0, standingBy("nm-b"));
        assertTrue(b.holdsLease());
        assertEquals("nm-b", database.getCollection("leases").find().first().getString("holder"));
    }

    private Document stored(String id) {
        return instances.find(new Document("_id", id)).first();
    }

    private static long token(Document written) {
        return ((Number) written.get("leaseToken", Document.class).get(ControlLoop.LEASE)).longValue();
    }

    private long standingBy(String holder) {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith(holder + " ") && m.endsWith("standing by")).count();
    }

    private static void await(String what, BooleanSupplier condition) {
        Waits.untilTrue(what, Duration.ofSeconds(15), condition, () -> "not yet");
    }
}
