package dev.plinth.nodemanager.journey;

import dev.plinth.agent.testinfra.AgentContexts;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.plinth.contracts.events.InstanceState;
import dev.plinth.contracts.events.InstanceStatus;
import dev.plinth.contracts.events.LogRecord;
import dev.plinth.contracts.events.NodeHeartbeat;
import dev.plinth.contracts.events.Topics;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.InstanceDocument;
import dev.plinth.kit.net.FreePorts;
import dev.plinth.nodemanager.instances.InstanceStore;
import dev.plinth.nodemanager.registry.NodeStore;
import dev.plinth.nodemanager.testinfra.Contexts;
import dev.plinth.testkit.mongo.Documents;
import dev.plinth.testkit.apps.TinyApp;
import dev.plinth.testkit.kafka.InProcessKafka;
import dev.plinth.testkit.kafka.TopicTap.From;
import dev.plinth.testkit.kafka.TopicTap;
import dev.plinth.testkit.mongo.InProcessMongo;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fail closed: node-manager and two real agents, as {@code plinth up} runs them, with a real Kafka
 * broker and the MongoDB wire server. {@code node-broken} requires isolation but its agent's bubblewrap
 * setting points at a binary that does not exist, so it reports itself not ready with the reason and
 * the fix, nothing is placed on it and the console says so. {@code node-open} says {@code isolation:
 * none}: it runs instances unconfined, with a warning on each start and in the console.
 */
class IsolationReadinessTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String MISSING_BWRAP = "/nonexistent/plinth-test/bwrap";

    @TempDir
    static Path dir;

    private static InProcessMongo mongo;
    private static TinyApp app;
    private static ApplicationContext nodeManager;
    private static ApplicationContext brokenAgent;
    private static ApplicationContext openAgent;
    private static MongoCollection<Document> instances;
    private static MongoCollection<Document> nodes;
    private static TopicTap<InstanceStatus> statuses;
    private static TopicTap<LogRecord> logs;
    private static TopicTap<NodeHeartbeat> heartbeats;
    private static JsonMapper json;
    private static final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        log.start();
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(log);
        InProcessKafka kafka = InProcessKafka.shared();
        mongo = InProcessMongo.start();
        app = new TinyApp();
        int from = FreePorts.next();
        Path inventory = dir.resolve("nodes.yaml");
        Files.writeString(inventory, """
                nodes:
                  - name: node-broken
                    kind: local
                    capacity: { cpu: 8, memoryMb: 8192 }
                    labels: { zone: north }
                    runtime: process
                    ports: { from: %d, to: %d }
                  - name: node-open
                    kind: local
                    capacity: { cpu: 2, memoryMb: 2048 }
                    labels: { zone: south }
                    runtime: process
                    isolation: none
                    ports: { from: %d, to: %d }
                """.formatted(from, from + 4, from + 5, from + 9));
        instances = mongo.database(Contexts.DATABASE).getCollection(Collections.INSTANCES);
        nodes = mongo.database(Contexts.DATABASE).getCollection(Collections.NODES);
        nodeManager = Contexts.nodeManager(kafka, mongo, inventory, app.gatewayUrl(), Map.of());
        json = nodeManager.getBean(JsonMapper.class);
        statuses = TopicTap.decoded(kafka.bootstrapServers(), Topics.INSTANCE_STATUS, From.START, r -> json.readValue(r.value(), InstanceStatus.class));
        logs = TopicTap.decoded(kafka.bootstrapServers(), Topics.PLATFORM_LOGS, From.START, r -> json.readValue(r.value(), LogRecord.class));
        heartbeats = TopicTap.decoded(kafka.bootstrapServers(), Topics.NODE_HEARTBEATS, From.START, r -> json.readValue(r.value(), NodeHeartbeat.class));
        brokenAgent = AgentContexts.agent(kafka, "node-broken", inventory, dir.resolve("broken"), app.gatewayUrl(),
                Map.of("plinth.agent.process.bwrap-path", MISSING_BWRAP));
        openAgent = AgentContexts.agent(kafka, "node-open", inventory, dir.resolve("open"), app.gatewayUrl(),
                Map.of("plinth.agent.stop-grace", "5s"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (ApplicationContext ctx : new ApplicationContext[]{openAgent, brokenAgent, nodeManager}) {
            if (ctx != null) {
                ctx.close();
            }
        }
        for (TopicTap<?> recorder : new TopicTap<?>[]{statuses, logs, heartbeats}) {
            if (recorder != null) {
                recorder.close();
            }
        }
        if (app != null) {
            app.close();
        }
        if (mongo != null) {
            mongo.close();
        }
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
    }

    @Test
    void aNodeThatCannotIsolateIsNotReadyWithTheReasonAndNothingIsPlacedOnIt() throws Exception {
        NodeHeartbeat beat = heartbeats.await(h -> "node-broken".equals(h.nodeId()), WAIT, "a heartbeat of node-broken");
        assertTrue(beat.isolationProblems().stream().anyMatch(p -> p.startsWith("bubblewrap is not installed at "
                + MISSING_BWRAP + ": install it")), beat.isolationProblems().toString());
        Document node = await(nodes, "node-broken", d -> "NOT_READY".equals(d.getString("state")), "node-broken not ready");
        assertTrue(node.getList("isolationProblems", String.class).stream().anyMatch(p -> p.contains(MISSING_BWRAP)),
                node.toJson());

        // The big node with the label is not ready; the small ready one lacks the label.
        instances.insertOne(instance("tiny-n1", "north"));
        Document unplaced = await(instances, "tiny-n1", d -> d.getString("unplacedReason") != null, "tiny-n1 unplaced");
        String reason = unplaced.getString("unplacedReason");
        assertTrue(reason.startsWith("no ready node has labels zone=north; node-broken is not ready: it cannot isolate"
                + " instances: bubblewrap is not installed at " + MISSING_BWRAP + ": install it"), reason);
        assertNull(unplaced.get("node"), "nothing is placed on a node that cannot isolate");
        assertTrue(statuses.matching(s -> "tiny-n1".equals(s.instanceId())).isEmpty(), "no agent was asked to start it");

        JsonNode broken = consoleNode("node-broken");
        assertEquals("NOT_READY", broken.get("state").getStringValue());
        assertEquals("required", broken.get("isolation").getStringValue());
        assertTrue(broken.get("isolationProblems").get(0).getStringValue().contains(MISSING_BWRAP), broken.toString());
        assertTrue(logged("node node-broken cannot isolate instances, so it reports itself NOT READY"), "the agent's log");
        assertTrue(logged("node node-broken is NOT READY: its agent cannot isolate instances"), "node-manager's log");
    }

    @Test
    void aNodeWithIsolationNoneRunsInstancesUnconfinedAndSaysSoEverywhere() throws Exception {
        await(nodes, "node-open", d -> "READY".equals(d.getString("state")), "node-open ready");
        JsonNode open = consoleNode("node-open");
        assertEquals("READY", open.get("state").getStringValue());
        assertEquals("none", open.get("isolation").getStringValue());
        assertEquals(0, open.get("isolationProblems").size());

        instances.insertOne(instance("tiny-s1", "south"));
        InstanceStatus starting = statuses.await(s -> "tiny-s1".equals(s.instanceId()) && s.state() == InstanceState.STARTING,
                WAIT, "tiny-s1 starting");
        assertTrue(starting.message().contains("runs UNCONFINED: node node-open has isolation: none"), starting.message());
        Document healthy = await(instances, "tiny-s1", d -> "HEALTHY".equals(d.getString("state")), "tiny-s1 healthy");
        assertEquals("node-open", healthy.getString("node"));
        logs.await(r -> "tiny-s1".equals(r.instanceId()) && r.sourceKind() == LogRecord.SourceKind.AGENT
                && r.message().startsWith("runs UNCONFINED"), WAIT, "the warning in the instance's log");
        assertTrue(logged("node node-open runs instances UNCONFINED (isolation: none in the inventory)"), "the log");
    }

    /** @return whether this JVM logged a line starting so (the bootstrapper ships these lines to the platform's log) */
    private static boolean logged(String start) {
        return log.list.stream().anyMatch(e -> e.getFormattedMessage().startsWith(start));
    }

    private static JsonNode consoleNode(String name) throws Exception {
        String base = "http://127.0.0.1:" + nodeManager.getBean(EmbeddedServer.class).getPort();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/nodes"))
                .header("Authorization", "Bearer " + Contexts.token(nodeManager, "root", "ADMIN")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode list = json.readValue(response.body(), JsonNode.class);
        for (int i = 0; i < list.size(); i++) {
            if (name.equals(list.get(i).get("name").getStringValue())) {
                return list.get(i);
            }
        }
        throw new AssertionError("no " + name + " in " + response.body());
    }

    private static Document instance(String id, String zone) {
        Document spec = new Document("version", "1.0.0").append("artifactSha256", app.sha256())
                .append("command", TinyApp.COMMAND).append("containerPort", 8080).append("env", new Document())
                .append("cpu", 0.5).append("memoryMb", 512).append("healthPath", "/health")
                .append("healthIntervalSeconds", 1).append("healthTimeoutSeconds", 2).append("failureThreshold", 3)
                .append("startupSeconds", 60).append("placementLabels", new Document("zone", zone));
        return InstanceDocument.created(id, "dep-" + id, "tiny", "dana", "1.0.0", 1, spec, List.of(), Instant.now());
    }

    private static Document await(MongoCollection<Document> collection, String id, Predicate<Document> condition, String what) {
        return Documents.await(collection, id, condition, what, WAIT);
    }
}
