package dev.plinth.deployer.loop;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.plinth.contracts.events.NodeEvent;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.DeploymentDocument;
import dev.plinth.contracts.state.InstanceDocument;
import dev.plinth.deployer.store.DeploymentRepository;
import dev.plinth.deployer.store.InstanceRepository;
import dev.plinth.deployer.store.NodeRepository;
import dev.plinth.kit.heartbeat.KafkaLink;
import dev.plinth.testkit.mongo.InProcessMongo;
import dev.plinth.testkit.wait.Waits;
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

/** A node event wakes the deployments on that node at once, long before the resync would. */
class NodeEventListenerTest {

    /** A resync so rare that only a wake-up can explain a pass. */
    private static final DeployerSettings NO_RESYNC = new DeployerSettings(Duration.ofHours(1), Duration.ofSeconds(1),
            Duration.ofMillis(100), Duration.ofSeconds(30), 5, Duration.ofMinutes(10), Duration.ofMillis(50),
            Duration.ofMillis(200));

    private InProcessMongo mongo;
    private MongoCollection<Document> instances;
    private MongoCollection<Document> nodes;
    private ReconcileLoop loop;
    private EventPublisher publisher;

    @BeforeEach
    void start() {
        mongo = InProcessMongo.start();
        MongoDatabase db = mongo.database(InProcessMongo.TEST_DATABASE);
        instances = db.getCollection(Collections.INSTANCES);
        nodes = db.getCollection(Collections.NODES);
        nodes.insertMany(List.of(new Document("_id", "n1").append("state", "READY"),
                new Document("_id", "n2").append("state", "READY")));
        publisher = new EventPublisher((key, event) -> { }, new KafkaLink());
        DeploymentRepository deployments = new DeploymentRepository(mongo.database(InProcessMongo.TEST_DATABASE));
        InstanceRepository instanceRepository = new InstanceRepository(mongo.database(InProcessMongo.TEST_DATABASE));
        loop = new ReconcileLoop(deployments, instanceRepository, new NodeRepository(mongo.database(InProcessMongo.TEST_DATABASE)),
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
        Waits.untilTrue(what, Duration.ofSeconds(15), condition, () -> "not yet");
    }

    private List<Document> wanted() {
        return instances.find(Filters.eq(InstanceDocument.DESIRED, InstanceDocument.RUN)).into(new ArrayList<>());
    }

    @Test
    void aLostNodeWakesTheDeploymentsThatRanOnItAndTheirInstancesAreReplaced() throws Exception {
        Document spec = new Document("version", "1.0.0").append("artifactSha256", "sha").append("command", List.of("run"))
                .append("containerPort", 8080).append("env", new Document()).append("healthPath", "/health")
                .append("startupSeconds", 30).append("placementLabels", new Document());
        mongo.database(InProcessMongo.TEST_DATABASE).getCollection(Collections.DEPLOYMENTS).insertOne(new Document(DeploymentDocument.ID, "d1")
                .append(DeploymentDocument.APP, "speed-alert").append(DeploymentDocument.OWNER, "dev").append(DeploymentDocument.VERSION, "1.0.0").append(DeploymentDocument.INSTANCES, 2)
                .append(DeploymentDocument.GENERATION, 1).append(DeploymentDocument.ACTIVE, true).append(DeploymentDocument.SPEC, spec).append(DeploymentDocument.STATUS, "PENDING")
                .append(DeploymentDocument.CREATED_AT, new Date()));
        loop.wake("d1");
        await("two instances", () -> wanted().size() == 2);
        List<Document> placed = wanted();
        for (int i = 0; i < placed.size(); i++) {
            instances.updateOne(Filters.eq(InstanceDocument.ID, InstanceDocument.read(placed.get(i)).id()), Updates.combine(
                    Updates.set(InstanceDocument.NODE, "n" + (i + 1)), Updates.set(InstanceDocument.STATE, "HEALTHY"),
                    Updates.set(InstanceDocument.STATE_AT, new Date())));
        }
        // Time for a pass that must not happen: nothing may change while both nodes are ready.
        Thread.sleep(300);
        assertEquals(2, wanted().size(), "nothing to do while both nodes are ready");

        nodes.updateOne(Filters.eq("_id", "n2"), Updates.set("state", "LOST"));
        NodeEventListener listener = new NodeEventListener(loop, new InstanceRepository(mongo.database(InProcessMongo.TEST_DATABASE)));
        listener.receive(new NodeEvent("e1", "n1", "CORDONED", "READY", Instant.now()));
        // Time for a pass that must not happen: a cordoned node moves nothing.
        Thread.sleep(300);
        assertEquals(2, instances.countDocuments(), "a cordoned node moves nothing");

        listener.receive(new NodeEvent("e2", "n2", "LOST", "READY", Instant.now()));

        await("the instance on n2 is replaced", () -> wanted().stream().noneMatch(i -> "n2".equals(i.getString("node")))
                && wanted().size() == 2);
    }
}
