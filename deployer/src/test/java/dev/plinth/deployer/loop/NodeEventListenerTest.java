package dev.plinth.deployer.loop;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.plinth.contracts.events.NodeEvent;
import dev.plinth.deployer.store.DeploymentRepository;
import dev.plinth.deployer.store.EmbeddedMongo;
import dev.plinth.deployer.store.InstanceRepository;
import dev.plinth.deployer.store.NodeRepository;
import dev.plinth.kit.heartbeat.KafkaLink;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** A node event wakes the deployments on that node at once, long before the resync would. */
class NodeEventListenerTest {

    /** A resync so rare that only a wake-up can explain a pass. */
    private static final DeployerSettings NO_RESYNC = new DeployerSettings(Duration.ofHours(1), Duration.ofSeconds(1),
            Duration.ofMillis(100), Duration.ofSeconds(30), 5, Duration.ofMinutes(10), Duration.ofMillis(50),
            Duration.ofMillis(200));

    private EmbeddedMongo mongo;
    private MongoCollection<Document> instances;
    private MongoCollection<Document> nodes;
    private ReconcileLoop loop;
    private EventPublisher publisher;

    @BeforeEach
    void start() {
        mongo = new EmbeddedMongo();
        MongoDatabase db = mongo.client().getDatabase(EmbeddedMongo.DATABASE);
        instances = db.getCollection("instances");
        nodes = db.getCollection("nodes");
        nodes.insertMany(List.of(new Document("_id", "n1").append("state", "READY"),
                new Document("_id", "n2").append("state", "READY")));
        publisher = new EventPublisher((key, event) -> { }, new KafkaLink());
        DeploymentRepository deployments = new DeploymentRepository(mongo.client().getDatabase(EmbeddedMongo.DATABASE));
        InstanceRepository instanceRepository = new InstanceRepository(mongo.client().getDatabase(EmbeddedMongo.DATABASE));
        loop = new ReconcileLoop(deployments, instanceRepository, new NodeRepository(mongo.client().getDatabase(EmbeddedMongo.DATABASE)),
                db, new PlanApplier(deployments, instanceRepository, publisher), NO_RESYNC, Clock.systemUTC(), "loop-a");
        loop.start();
        await("the lease is held", loop::holdsLease);
    }

    @AfterEach
    void stop() {
        loop.close();
        publisher.close();
        mongo.close();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting until " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    private List<Document> wanted() {
        return instances.find(Filters.eq("desired", "RUN")).into(new ArrayList<>());
    }

    @Test
    void aLostNodeWakesTheDeploymentsThatRanOnItAndTheirInstancesAreReplaced() throws Exception {
        Document spec = new Document("version", "1.0.0").append("artifactSha256", "sha").append("command", List.of("run"))
                .append("containerPort", 8080).append("env", new Document()).append("healthPath", "/health")
                .append("startupSeconds", 30).append("placementLabels", new Document());
        mongo.client().getDatabase(EmbeddedMongo.DATABASE).getCollection("deployments").insertOne(new Document("_id", "d1")
                .append("app", "speed-alert").append("owner", "dev").append("version", "1.0.0").append("instances", 2)
                .append("generation", 1).append("active", true).append("spec", spec).append("status", "PENDING")
                .append("createdAt", new Date()));
        loop.wake("d1");
        await("two instances", () -> wanted().size() == 2);
        List<Document> placed = wanted();
        for (int i = 0; i < placed.size(); i++) {
            instances.updateOne(Filters.eq("_id", placed.get(i).getString("_id")), Updates.combine(
                    Updates.set("node", "n" + (i + 1)), Updates.set("state", "HEALTHY"), Updates.set("stateAt", new Date())));
        }
        Thread.sleep(300);
        assertEquals(2, wanted().size(), "nothing to do while both nodes are ready");

        nodes.updateOne(Filters.eq("_id", "n2"), Updates.set("state", "LOST"));
        NodeEventListener listener = new NodeEventListener(loop, new InstanceRepository(mongo.client().getDatabase(EmbeddedMongo.DATABASE)));
        listener.receive(new NodeEvent("e1", "n1", "CORDONED", "READY", Instant.now()));
        Thread.sleep(300);
        assertEquals(2, instances.countDocuments(), "a cordoned node moves nothing");

        listener.receive(new NodeEvent("e2", "n2", "LOST", "READY", Instant.now()));

        await("the instance on n2 is replaced", () -> wanted().stream().noneMatch(i -> "n2".equals(i.getString("node")))
                && wanted().size() == 2);
    }
}
