package dev.plinth.nodemanager.journey;

import dev.plinth.agent.testinfra.AgentContexts;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.InstanceDocument;
import dev.plinth.kit.net.FreePorts;
import dev.plinth.nodemanager.instances.InstanceStore;
import dev.plinth.nodemanager.registry.NodeStore;
import dev.plinth.agent.runtime.process.ProcessRuntime;
import dev.plinth.nodemanager.testinfra.Contexts;
import dev.plinth.testkit.mongo.Documents;
import dev.plinth.testkit.apps.TinyApp;
import dev.plinth.testkit.kafka.InProcessKafka;
import dev.plinth.testkit.mongo.InProcessMongo;
import io.micronaut.context.ApplicationContext;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * node-manager and a node agent in their own contexts, as {@code plinth up} runs them, with a real
 * Kafka broker and the MongoDB wire server. The test plays the deployer: it writes instance documents
 * and changes {@code desired}, and watches what node-manager records. A port another process holds
 * on the node is reported by its agent and skipped by placement.
 */
class NodeJourneyTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String NODE = "node-j";

    @TempDir
    Path dir;

    private InProcessMongo mongo;
    private TinyApp app;
    private ApplicationContext nodeManager;
    private ApplicationContext agent;
    private MongoCollection<Document> instances;
    private MongoCollection<Document> nodes;

    @BeforeEach
    void start() throws Exception {
        InProcessKafka kafka = InProcessKafka.shared();
        mongo = InProcessMongo.start();
        app = new TinyApp();
        int from = FreePorts.next();
        Path inventory = dir.resolve("nodes.yaml");
        Files.writeString(inventory, """
                nodes:
                  - name: node-j
                    kind: local
                    capacity: { cpu: 2, memoryMb: 2048 }
                    labels: { zone: north }
                    runtime: process
                    ports: { from: %d, to: %d }
                  - name: node-k
                    kind: local
                    capacity: { cpu: 2, memoryMb: 2048 }
                    runtime: process
                    ports: { from: 23000, to: 23099 }
                """.formatted(from, from + 9));
        instances = mongo.database(Contexts.DATABASE).getCollection(Collections.INSTANCES);
        nodes = mongo.database(Contexts.DATABASE).getCollection(Collections.NODES);
        nodeManager = Contexts.nodeManager(kafka, mongo, inventory, app.gatewayUrl(), Map.of("plinth.nodes.lost-after", "4s"));
        agent = AgentContexts.agent(kafka, NODE, inventory, dir.resolve("agent"), app.gatewayUrl(), Map.of(
                "plinth.agent.stop-grace", "5s"));
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        if (nodeManager != null) {
            nodeManager.close();
        }
        if (app != null) {
            app.close();
        }
        if (mongo != null) {
            mongo.close();
        }
    }

    @Test
    void anInstanceIsPlacedStartedRecordedHealthyAndStopped() {
        awaitNode(n -> "READY".equals(n.getString("state")), "node-j ready");
        instances.insertOne(instance("tiny-a1"));

        Document healthy = awaitInstance("tiny-a1", d -> "HEALTHY".equals(d.getString("state")), "tiny-a1 healthy");
        assertEquals(NODE, healthy.getString("node"), "the only ready node with the label");
        int port = healthy.getInteger("port");
        // The agent reported the inner end of the instance's network namespace, and node-manager recorded it.
        assertTrue(healthy.getString("address").startsWith("10.213."), healthy.getString("address"));
        assertEquals(200, httpStatus("http://" + healthy.getString("address") + ":" + port + "/health"),
                "the recorded address serves the instance, as the gateway will use it");
        Document inventoryNode = nodes.find(Filters.eq("_id", NODE)).first();
        assertEquals(inventoryNode.get("ports", Document.class).getInteger("from"), port, "the lowest free port");
        assertNotNull(healthy.getDate("boundAt"));
        assertNotNull(healthy.getDate("startCommandAt"));
        assertNotNull(healthy.getDate("healthyAt"));
        assertTrue(app.authorizations().stream().allMatch(h -> h.startsWith("Bearer ")), "fetched with a service token");
        awaitNode(n -> n.getList("running", String.class, List.of()).contains("tiny-a1"), "node-j running tiny-a1");

        instances.updateOne(Filters.eq(InstanceDocument.ID, "tiny-a1"), Updates.combine(
                Updates.set(InstanceDocument.DESIRED, InstanceDocument.STOP),
                Updates.set(InstanceDocument.STOP_REASON, "scale-down")));

        Document stopped = awaitInstance("tiny-a1", d -> "STOPPED".equals(d.getString("state")), "tiny-a1 stopped");
        assertTrue(stopped.getString("message").startsWith("stopped on command (scale-down)"), stopped.getString("message"));
        awaitNode(n -> n.getList("running", String.class, List.of()).isEmpty(), "node-j running nothing");
    }

    @Test
    void whenTheAgentStopsItsInstancesAreStoppedAndTheNodeIsLost() {
        awaitNode(n -> "READY".equals(n.getString("state")), "node-j ready");
        instances.insertOne(instance("tiny-b1"));
        awaitInstance("tiny-b1", d -> "HEALTHY".equals(d.getString("state")), "tiny-b1 healthy");

        agent.close();
        agent = null;

        Document stopped = awaitInstance("tiny-b1", d -> "STOPPED".equals(d.getString("state")), "tiny-b1 stopped");
        assertEquals("stopped because the node agent stopped", stopped.getString("message"));
        awaitNode(n -> "LOST".equals(n.getString("state")), "node-j lost");
    }

    @Test
    void anInstanceNoNodeCanTakeSaysWhy() {
        awaitNode(n -> "READY".equals(n.getString("state")), "node-j ready");
        Document wide = instance("tiny-c1");
        wide.get(InstanceDocument.SPEC, Document.class).append("cpu", 8.0);
        instances.insertOne(wide);

        Document unplaced = awaitInstance("tiny-c1", d -> d.getString("unplacedReason") != null, "tiny-c1 unplaced");
        assertEquals("needs 8.0 cpu, most free on any ready node with labels zone=north is 2.0 (node-j)",
                unplaced.getString("unplacedReason"));
        assertEquals(null, unplaced.get("node"));
    }

    @Test
    void aPortAnotherProcessHoldsIsSkippedAndTheInstancesRunOnOthers() throws Exception {
        awaitNode(n -> "READY".equals(n.getString("state")), "node-j ready");
        int from = nodes.find(Filters.eq("_id", NODE)).first().get("ports", Document.class).getInteger("from");
        try (ServerSocket held = new ServerSocket(from, 50, InetAddress.getLoopbackAddress())) {
            awaitNode(n -> n.getList("takenPorts", Integer.class, List.of()).contains(from), "node-j reporting port " + from + " taken");
            instances.insertOne(instance("tiny-d1").append(InstanceDocument.DEPLOYMENT_ID, "dep-ports"));
            instances.insertOne(instance("tiny-d2").append(InstanceDocument.DEPLOYMENT_ID, "dep-ports"));

            Document first = awaitInstance("tiny-d1", d -> "HEALTHY".equals(d.getString("state")), "tiny-d1 healthy");
            Document second = awaitInstance("tiny-d2", d -> "HEALTHY".equals(d.getString("state")), "tiny-d2 healthy");
            assertEquals(List.of(from + 1, from + 2), List.of(first.getInteger("port"), second.getInteger("port")),
                    "the lowest free ports after the held one");
            assertTrue(held.isBound() && !held.isClosed(), "the other process keeps its port");
        }
        awaitNode(n -> !n.getList("takenPorts", Integer.class, List.of()).contains(from), "node-j reporting port " + from + " free again");
    }

    private Document instance(String id) {
        Document spec = new Document("version", "1.0.0").append("artifactSha256", app.sha256())
                .append("command", TinyApp.COMMAND).append("containerPort", 8080).append("env", new Document())
                .append("cpu", 0.5).append("memoryMb", 512).append("healthPath", "/health")
                .append("healthIntervalSeconds", 1).append("healthTimeoutSeconds", 2).append("failureThreshold", 3)
                .append("startupSeconds", 60).append("placementLabels", new Document("zone", "north"));
        return InstanceDocument.created(id, "dep-tiny", "tiny", "dana", "1.0.0", 1, spec, List.of(), Instant.now());
    }

    private Document awaitInstance(String id, Predicate<Document> condition, String what) {
        return await(instances, id, condition, what);
    }

    private Document awaitNode(Predicate<Document> condition, String what) {
        return await(nodes, NODE, condition, what);
    }

    private static Document await(MongoCollection<Document> collection, String id, Predicate<Document> condition, String what) {
        return Documents.await(collection, id, condition, what, WAIT);
    }

    private static int httpStatus(String url) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                    .timeout(Duration.ofSeconds(5)).build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot reach " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
