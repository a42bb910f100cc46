package dev.plinth.deployer.loop;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.plinth.contracts.events.DeploymentEvent;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.DeploymentDocument;
import dev.plinth.contracts.state.InstanceDocument;
import dev.plinth.deployer.store.DeploymentRepository;
import dev.plinth.deployer.store.InstanceRepository;
import dev.plinth.deployer.store.NodeRepository;
import dev.plinth.kit.control.Lease;
import dev.plinth.kit.heartbeat.KafkaLink;
import dev.plinth.testkit.mongo.InProcessMongo;
import dev.plinth.testkit.time.MutableClock;
import dev.plinth.testkit.wait.Waits;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The loop against a real MongoDB wire server. Kafka is left out: the tests wake the loop the way
 * its listeners do, and record the events it publishes. node-manager and the agents are played by
 * the test, writing instance states into MongoDB.
 */
class ReconcileLoopTest {

    private static final DeployerSettings FAST = new DeployerSettings(Duration.ofMillis(200), Duration.ofSeconds(1),
            Duration.ofMillis(100), Duration.ofSeconds(30), 5, Duration.ofMinutes(10), Duration.ofMillis(50),
            Duration.ofMillis(200));

    private InProcessMongo mongo;
    private MongoCollection<Document> deployments;
    private MongoCollection<Document> instances;
    private final List<DeploymentEvent> events = new CopyOnWriteArrayList<>();
    private final List<ReconcileLoop> loops = new ArrayList<>();
    private final List<EventPublisher> publishers = new ArrayList<>();

    @BeforeEach
    void start() {
        mongo = InProcessMongo.start();
        MongoDatabase db = mongo.client().getDatabase(InProcessMongo.TEST_DATABASE);
        deployments = db.getCollection(Collections.DEPLOYMENTS);
        instances = db.getCollection(Collections.INSTANCES);
        db.getCollection(Collections.NODES).insertMany(List.of(
                new Document("_id", "n1").append("state", "READY"),
                new Document("_id", "n2").append("state", "READY"),
                new Document("_id", "n3").append("state", "READY")));
    }

    @AfterEach
    void stop() {
        loops.forEach(ReconcileLoop::close);
        publishers.forEach(EventPublisher::close);
        mongo.close();
    }

    private ReconcileLoop loop(String holder) {
        return loop(holder, FAST, Clock.systemUTC());
    }

    private ReconcileLoop loop(String holder, DeployerSettings settings, Clock clock) {
        EventPublisher publisher = new EventPublisher((key, event) -> {
            assertEquals(event.deploymentId(), key);
            events.add(event);
        }, new KafkaLink());
        publishers.add(publisher);
        DeploymentRepository deploymentRepository = new DeploymentRepository(mongo.database(InProcessMongo.TEST_DATABASE));
        InstanceRepository instanceRepository = new InstanceRepository(mongo.database(InProcessMongo.TEST_DATABASE));
        ReconcileLoop loop = new ReconcileLoop(deploymentRepository, instanceRepository,
                new NodeRepository(mongo.database(InProcessMongo.TEST_DATABASE)),
                mongo.database(InProcessMongo.TEST_DATABASE),
                new PlanApplier(deploymentRepository, instanceRepository, publisher), settings, clock, holder);
        loops.add(loop);
        loop.start();
        return loop;
    }

    private static Document spec(String version) {
        return new Document("version", version).append("artifactSha256", "sha-" + version)
                .append("command", List.of("java", "-jar", "app.jar")).append("image", null)
                .append("containerPort", 8080).append("env", new Document("MODE", "test"))
                .append("healthPath", "/health").append("startupSeconds", 30)
                .append("placementLabels", new Document());
    }

    /** A deployment as app-controller writes it. */
    private void desire(String id, String version, int count) {
        deployments.insertOne(new Document(DeploymentDocument.ID, id).append(DeploymentDocument.APP, "speed-alert").append(DeploymentDocument.OWNER, "dev")
                .append(DeploymentDocument.VERSION, version).append(DeploymentDocument.INSTANCES, count).append(DeploymentDocument.GENERATION, 1)
                .append(DeploymentDocument.ACTIVE, true).append(DeploymentDocument.SPEC, spec(version)).append(DeploymentDocument.STABLE_VERSION, null)
                .append(DeploymentDocument.STABLE_SPEC, null).append(DeploymentDocument.STATUS, "PENDING").append(DeploymentDocument.CREATED_AT, new Date()));
    }

    /** app-controller changes the desired state: raise the generation. */
    private void change(String id, Bson update) {
        deployments.updateOne(Filters.eq(DeploymentDocument.ID, id), Updates.combine(update, Updates.inc("generation", 1)));
    }

    private Document deployment(String id) {
        return deployments.find(Filters.eq(DeploymentDocument.ID, id)).first();
    }

    private List<Document> wanted(String deploymentId) {
        return instances.find(Filters.and(Filters.eq(InstanceDocument.DEPLOYMENT_ID, deploymentId),
                        Filters.eq(InstanceDocument.DESIRED, InstanceDocument.RUN)))
                .into(new ArrayList<>());
    }

    /**
     * Plays node-manager and the agents for one round: stops what should stop, places pending
     * instances, and moves starting ones to HEALTHY (or to {@code failAs} for the given version).
     */
    private void agentsAct(String failVersion, String failAs) {
        int n = 0;
        for (Document doc : instances.find().into(new ArrayList<>())) {
            InstanceDocument instance = InstanceDocument.read(doc);
            String id = instance.id();
            String state = instance.state();
            if (InstanceDocument.STOP.equals(instance.desired())) {
                if (!instance.ended()) {
                    report(id, "STOPPED", null);
                }
            } else if (InstanceDocument.PENDING.equals(state)) {
                instances.updateOne(Filters.eq(InstanceDocument.ID, id), Updates.set(InstanceDocument.NODE, "n" + (1 + n++ % 3)));
                report(id, "STARTING", null);
            } else if ("STARTING".equals(state)) {
                boolean fail = instance.version().equals(failVersion);
                report(id, fail ? failAs : "HEALTHY", fail ? "no answer on /health within 30 s" : null);
            }
        }
    }

    private void report(String instanceId, String state, String message) {
        instances.updateOne(Filters.eq(InstanceDocument.ID, instanceId), Updates.combine(
                Updates.set(InstanceDocument.STATE, state), Updates.set(InstanceDocument.STATE_AT, new Date()),
                Updates.set(InstanceDocument.MESSAGE, message)));
    }

    private static void await(String what, BooleanSupplier condition) {
        Waits.untilTrue(what, Duration.ofSeconds(15), condition, () -> "not yet");
    }

    private List<DeploymentEvent> events(DeploymentEvent.Type type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }

    /** Drives rounds of agents and wake-ups until the condition holds, checking the invariant after each. */
    private void driveUntil(ReconcileLoop loop, String what, String failVersion, String failAs, Runnable invariant,
                            BooleanSupplier done) {
        await(what, () -> {
            agentsAct(failVersion, failAs);
            loop.wake("d1");
            pause();
            invariant.run();
            return done.getAsBoolean();
        });
    }

    // Lets the loop act on the round's wake-up before the invariant is checked again: time passes on purpose.
    private static void pause() {
        try {
            Thread.sleep(60);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runningOn(ReconcileLoop loop, String version) {
        driveUntil(loop, "running on " + version, null, null, () -> { },
                () -> "RUNNING".equals(deployment("d1").getString(DeploymentDocument.STATUS))
                        && version.equals(deployment("d1").getString(DeploymentDocument.STABLE_VERSION)));
    }

    @Test
    void desiredDeploymentBecomesInstancesAndRunsOnceTheyAreHealthy() {
        ReconcileLoop loop = loop("loop-a");
        await("the lease is held", loop::holdsLease);
        desire("d1", "1.0.0", 2);

        loop.wake("d1");

        await("two instances exist", () -> wanted("d1").size() == 2);
        for (Document instance : wanted("d1")) {
            assertTrue(instance.getString("_id").matches("speed-alert-[a-z0-9]{8}"), instance.getString("_id"));
            assertEquals("d1", instance.getString("deploymentId"));
            assertEquals("speed-alert", instance.getString("app"));
            assertEquals("dev", instance.getString("owner"));
            assertEquals("1.0.0", instance.getString("version"));
            assertEquals(1L, ((Number) instance.get("generation")).longValue());
            assertEquals(spec("1.0.0"), instance.get("spec", Document.class));
            assertEquals("PENDING", instance.getString("state"));
            assertEquals(List.of(), instance.getList("avoidNodes", String.class));
            assertNull(instance.get("node"));
            assertTrue(instance.get("createdAt") instanceof Date);
        }
        await("a DESIRED wake-up for node-manager", () -> !events(DeploymentEvent.Type.DESIRED).isEmpty());
        DeploymentEvent wakeUp = events(DeploymentEvent.Type.DESIRED).get(0);
        assertEquals(1L, wakeUp.generation());
        assertEquals(PlanApplier.INSTANCES_CHANGED, wakeUp.reason());

        runningOn(loop, "1.0.0");

        assertEquals(spec("1.0.0"), deployment("d1").get(DeploymentDocument.STABLE_SPEC, Document.class));
        assertEquals(2, wanted("d1").size());
        await("ROLLED_OUT published", () -> events(DeploymentEvent.Type.ROLLED_OUT).size() == 1);
        assertEquals("1.0.0", events(DeploymentEvent.Type.ROLLED_OUT).get(0).version());
    }

    @Test
    void resyncFindsDeploymentsNobodyWokeAndIndexesExist() {
        ReconcileLoop loop = loop("loop-a");
        await("the lease is held", loop::holdsLease);

        desire("d1", "1.0.0", 3);

        await("the resync created the instances", () -> wanted("d1").size() == 3);
        assertTrue(instances.listIndexes().into(new ArrayList<>()).stream()
                .anyMatch(index -> index.get("key", Document.class).containsKey("deploymentId")));
        assertTrue(deployments.listIndexes().into(new ArrayList<>()).stream()
                .anyMatch(index -> index.get("key", Document.class).containsKey(DeploymentDocument.ACTIVE)));
    }

    @Test
    void rollingUpgradeCompletesWithoutLosingCapacity() {
        ReconcileLoop loop = loop("loop-a");
        await("the lease is held", loop::holdsLease);
        desire("d1", "1.0.0", 2);
        loop.wake("d1");
        runningOn(loop, "1.0.0");

        change("d1", Updates.combine(Updates.set("version", "1.1.0"), Updates.set("spec", spec("1.1.0"))));
        loop.wake("d1");

        List<Integer> healthySeen = new ArrayList<>();
        driveUntil(loop, "1.1.0 rolled out", null, null, () -> {
            long healthy = wanted("d1").stream().filter(i -> "HEALTHY".equals(i.getString("state"))).count();
            healthySeen.add((int) healthy);
            assertTrue(healthy >= 2, "fewer than 2 healthy during the rollout");
        }, () -> "1.1.0".equals(deployment("d1").getString(DeploymentDocument.STABLE_VERSION)));

        assertEquals("RUNNING", deployment("d1").getString(DeploymentDocument.STATUS));
        assertEquals(List.of("1.1.0", "1.1.0"), wanted("d1").stream().map(i -> i.getString("version")).toList());
        List<Document> old = instances.find(Filters.eq("version", "1.0.0")).into(new ArrayList<>());
        assertEquals(2, old.size());
        old.forEach(i -> assertEquals("replaced", i.getString("stopReason")));
        await("a second ROLLED_OUT", () -> events(DeploymentEvent.Type.ROLLED_OUT).size() == 2);
    }

    @Test
    void failingNewVersionIsRolledBack() {
        ReconcileLoop loop = loop("loop-a");
        await("the lease is held", loop::holdsLease);
        desire("d1", "1.0.0", 2);
        loop.wake("d1");
        runningOn(loop, "1.0.0");

        change("d1", Updates.combine(Updates.set("version", "2.0.0"), Updates.set("spec", spec("2.0.0"))));
        loop.wake("d1");
        driveUntil(loop, "rolled back", "2.0.0", "UNHEALTHY", () -> { },
                () -> "FAILED".equals(deployment("d1").getString(DeploymentDocument.STATUS)));

        Document d = deployment("d1");
        assertEquals("1.0.0", d.getString(DeploymentDocument.VERSION));
        assertEquals(spec("1.0.0"), d.get(DeploymentDocument.SPEC, Document.class));
        assertEquals(3L, ((Number) d.get(DeploymentDocument.GENERATION)).longValue());
        assertTrue(d.getString(DeploymentDocument.REASON).startsWith("version 2.0.0 failed: instance speed-alert-"), d.getString(DeploymentDocument.REASON));
        assertTrue(d.getString(DeploymentDocument.REASON).endsWith("no answer on /health within 30 s; rolled back to 1.0.0"),
                d.getString(DeploymentDocument.REASON));
        List<Document> failed = instances.find(Filters.eq("version", "2.0.0")).into(new ArrayList<>());
        assertEquals(1, failed.size());
        assertEquals("STOP", failed.get(0).getString("desired"));
        assertEquals("rollback", failed.get(0).getString("stopReason"));
        assertEquals(List.of("1.0.0", "1.0.0"), wanted("d1").stream().map(i -> i.getString("version")).toList());
        await("FAILED published", () -> events(DeploymentEvent.Type.FAILED).size() == 1);
        DeploymentEvent failure = events(DeploymentEvent.Type.FAILED).get(0);
        assertEquals(3L, failure.generation());
        assertEquals(d.getString("reason"), failure.reason());
    }

    @Test
    void inactiveDeploymentStopsEverything() {
        ReconcileLoop loop = loop("loop-a");
        await("the lease is held", loop::holdsLease);
        desire("d1", "1.0.0", 2);
        loop.wake("d1");
        runningOn(loop, "1.0.0");

        change("d1", Updates.set(DeploymentDocument.ACTIVE, false));
        loop.wake("d1");

        await("STOPPED", () -> "STOPPED".equals(deployment("d1").getString(DeploymentDocument.STATUS)) && wanted("d1").isEmpty());
        instances.find().forEach(i -> assertEquals("stopped", i.getString("stopReason")));
    }

    @Test
    void instancesOfADeletedDeploymentStop() {
        ReconcileLoop loop = loop("loop-a");
        await("the lease is held", loop::holdsLease);
        desire("d1", "1.0.0", 2);
        loop.wake("d1");
        await("two instances exist", () -> wanted("d1").size() == 2);

        deployments.deleteOne(Filters.eq("_id", "d1"));
        loop.wake("d1");

        await("no instance wanted", () -> wanted("d1").isEmpty());
        instances.find().forEach(i -> assertEquals("stopped", i.getString("stopReason")));
    }

    @Test
    void twoLoopsRacingOnlyOneActs() throws Exception {
        ReconcileLoop a = loop("loop-a");
        ReconcileLoop b = loop("loop-b");
        await("one loop holds the lease", () -> a.holdsLease() || b.holdsLease());
        desire("d1", "1.0.0", 3);

        // Both are woken over and over, from two threads, as their listeners would be.
        Thread hammer = new Thread(() -> {
            for (int n = 0; n < 200; n++) {
                b.wake("d1");
                pause(5);
            }
        });
        hammer.start();
        for (int n = 0; n < 200; n++) {
            a.wake("d1");
            pause(5);
        }
        hammer.join();

        assertEquals(3, instances.countDocuments());
        assertTrue(a.holdsLease() ^ b.holdsLease(), "exactly one holds the lease");
        ReconcileLoop holder = a.holdsLease() ? a : b;
        ReconcileLoop standby = holder == a ? b : a;
        assertEquals(holder.holder(), mongo.client().getDatabase(InProcessMongo.TEST_DATABASE).getCollection(Collections.LEASES)
                .find().first().getString("holder"));

        // The holder goes away: the standby takes over and acts.
        holder.close();
        await("the standby takes the lease over", standby::holdsLease);
        change("d1", Updates.set("instances", 4));
        standby.wake("d1");
        await("the standby scales up", () -> instances.countDocuments() == 4);
        pause(500);
        assertEquals(4, instances.countDocuments());
        assertNotEquals(holder.holder(), standby.holder());
    }

    @Test
    void aHolderThatStalledPastItsTermIsFencedOffAndStandsBy() {
        // Each loop on its own clock: a's stands still from here on, as the time a process stopped
        // between its lease check and its writes (a GC pause, SIGSTOP) last saw. Renewals and resyncs
        // are left to the test (hourly), so a learns of b only through its writes.
        Instant start = Instant.parse("2026-03-01T12:00:00Z");
        MutableClock aClock = new MutableClock(start);
        MutableClock bClock = new MutableClock(start);
        DeployerSettings byHand = new DeployerSettings(Duration.ofHours(1), Duration.ofSeconds(10), Duration.ofHours(1),
                Duration.ofSeconds(30), 5, Duration.ofMinutes(10), Duration.ofMillis(50), Duration.ofMillis(200));
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger loopLog = (Logger) LoggerFactory.getLogger(ReconcileLoop.class);
        loopLog.addAppender(log);
        try {
            ReconcileLoop a = loop("loop-a", byHand, aClock);
            await("a holds the lease", a::holdsLease);
            desire("d1", "1.0.0", 2);
            a.wake("d1");
            await("a created two instances", () -> wanted("d1").size() == 2);

            // a's term ends for everyone else: b takes the lease over and acts on a change.
            bClock.advance(Duration.ofSeconds(11));
            ReconcileLoop b = loop("loop-b", byHand, bClock);
            await("b takes the lease over", b::holdsLease);
            change("d1", Updates.set("instances", 3));
            b.wake("d1");
            await("b scales up", () -> wanted("d1").size() == 3);
            assertTrue(a.holdsLease(), "by a's own clock its term still runs");

            // a resumes and acts on the next change: its writes must not land.
            change("d1", Updates.set("instances", 4));
            a.wake("d1");
            await("a stands by", () -> standingBy(log, "loop-a") > 0);

            assertFalse(a.holdsLease());
            assertEquals(3, wanted("d1").size(), "a created no instance");
            assertEquals(2L, token(deployment("d1")), "the deployment carries b's token");
            assertEquals(List.of(1L, 1L, 2L), wanted("d1").stream().map(ReconcileLoopTest::token).sorted().toList());
            a.wake("d1");
            b.wake("d1");
            await("b, the holder, scales up", () -> wanted("d1").size() == 4);
            assertEquals(1, standingBy(log, "loop-a"), "said once");
            assertEquals(0, standingBy(log, "loop-b"));
            assertEquals("loop-b", mongo.client().getDatabase(InProcessMongo.TEST_DATABASE).getCollection("leases")
                    .find().first().getString("holder"));
        } finally {
            loopLog.detachAppender(log);
        }
    }

    private static long standingBy(ListAppender<ILoggingEvent> log, String holder) {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith(holder + " ") && m.endsWith("standing by")).count();
    }

    private static long token(Document written) {
        return ((Number) written.get("leaseToken", Document.class).get("deployer")).longValue();
    }

    @Test
    void planForAnOldGenerationIsDropped() {
        DeploymentRepository deploymentRepository = new DeploymentRepository(mongo.database(InProcessMongo.TEST_DATABASE));
        InstanceRepository instanceRepository = new InstanceRepository(mongo.database(InProcessMongo.TEST_DATABASE));
        EventPublisher publisher = new EventPublisher((key, event) -> events.add(event), new KafkaLink());
        publishers.add(publisher);
        PlanApplier applier = new PlanApplier(deploymentRepository, instanceRepository, publisher);
        desire("d1", "1.0.0", 2);
        var view = deploymentRepository.find("d1").orElseThrow();
        var plan = new dev.plinth.deployer.reconcile.Reconciler().reconcile(view, List.of(), java.util.Map.of(),
                Instant.now());

        Lease lease = new Lease(mongo.database(InProcessMongo.TEST_DATABASE), ReconcileLoop.LEASE, "loop-a",
                Duration.ofSeconds(10), Clock.systemUTC());
        assertTrue(lease.acquire());

        change("d1", Updates.set("instances", 5));
        PlanApplier.Result result = applier.apply(view, plan, Instant.now(), lease);

        assertTrue(result.stale());
        assertEquals(0, instances.countDocuments());
        assertEquals("PENDING", deployment("d1").getString(DeploymentDocument.STATUS));
        // Nothing may be published, so there is no state to wait for: give a stray publication time to show.
        pause(200);
        assertTrue(events.isEmpty());
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
