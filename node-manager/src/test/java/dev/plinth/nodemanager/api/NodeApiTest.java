package dev.plinth.nodemanager.api;

import dev.plinth.contracts.events.NodeHeartbeat;
import dev.plinth.contracts.events.Topics;
import dev.plinth.contracts.state.Collections;
import dev.plinth.nodemanager.instances.InstanceStore;
import dev.plinth.nodemanager.registry.NodeStore;
import dev.plinth.nodemanager.testinfra.Contexts;
import dev.plinth.testkit.kafka.InProcessKafka;
import dev.plinth.testkit.mongo.InProcessMongo;
import dev.plinth.testkit.wait.Waits;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.plinth.nodemanager.testinfra.Fixtures.instance;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The node console API in a real node-manager context: roles, reading nodes, cordon, drain and uncordon. */
class NodeApiTest {

    @TempDir
    static Path dir;

    private static InProcessMongo mongo;
    private static ApplicationContext nodeManager;
    private static HttpClient http;
    private static String base;
    private static String admin;
    private static String developer;
    private static JsonMapper json;

    @BeforeAll
    static void start() throws Exception {
        InProcessKafka kafka = InProcessKafka.shared();
        mongo = InProcessMongo.start();
        Path inventory = dir.resolve("nodes.yaml");
        Files.writeString(inventory, """
                nodes:
                  - name: api-1
                    kind: remote
                    address: 10.0.0.7
                    capacity: { cpu: 4, memoryMb: 4096 }
                    labels: { zone: north }
                    runtime: process
                    ports: { from: 31000, to: 31099 }
                  - name: api-2
                    kind: local
                    capacity: { cpu: 2, memoryMb: 2048 }
                    runtime: process
                    ports: { from: 32000, to: 32099 }
                """);
        mongo.database(Contexts.DATABASE).getCollection(Collections.INSTANCES).insertMany(List.of(
                instance("shop-1").bound("api-1", 31000).state("HEALTHY").document(),
                instance("shop-2").bound("api-1", 31001).cpu(1.0).state("STARTING").document(),
                instance("shop-3").bound("api-1", 31002).desired("STOP").state("STOPPED").document(),
                // No node has this label: the running control loop leaves it unplaced.
                instance("mail-1").labels(Map.of("zone", "nowhere")).document()));
        nodeManager = Contexts.nodeManager(kafka, mongo, inventory, "http://127.0.0.1:1", Map.of());
        json = nodeManager.getBean(JsonMapper.class);
        base = "http://127.0.0.1:" + nodeManager.getBean(EmbeddedServer.class).getPort();
        http = HttpClient.newHttpClient();
        admin = Contexts.token(nodeManager, "root", "ADMIN");
        developer = Contexts.token(nodeManager, "dana", "DEVELOPER");
        // Until the heartbeat listener has joined, beats go unseen: keep beating until api-1 is ready.
        Waits.untilTrue("api-1 to be READY", Duration.ofSeconds(60), () -> {
            NodeHeartbeat beat = new NodeHeartbeat("api-1", "agent-x", 1, 4, 0.75, 4096, 640, List.of("shop-1", "shop-2"),
                    Instant.now());
            try {
                kafka.publish(Topics.NODE_HEARTBEATS, "api-1", json.writeValueAsBytes(beat));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return "READY".equals(stateOf("api-1"));
        }, () -> "api-1 is " + stateOf("api-1"));
        assertEquals("READY", state("api-1"));
    }

    @AfterAll
    static void stop() {
        if (nodeManager != null) {
            nodeManager.close();
        }
        if (mongo != null) {
            mongo.close();
        }
    }

    @Test
    void onlyAdminsMaySeeOrChangeNodes() throws Exception {
        assertEquals(401, call("GET", "/api/nodes", null).statusCode());
        assertEquals(403, call("GET", "/api/nodes", developer).statusCode());
        assertEquals(403, call("POST", "/api/nodes/api-2/cordon", developer).statusCode());
        assertEquals(403, call("GET", "/api/instances", developer).statusCode());
        assertEquals(200, call("GET", "/api/nodes", admin).statusCode());
        assertEquals("ACTIVE", nodeDocument("api-2").getString("adminState"), "the refused cordon changed nothing");
    }

    @Test
    void listsNodesWithCapacityLoadReservationsAndInstances() throws Exception {
        HttpResponse<String> response = call("GET", "/api/nodes", admin);
        JsonNode nodes = json.readValue(response.body(), JsonNode.class);

        assertEquals(2, nodes.size());
        JsonNode api1 = nodes.get(0);
        assertEquals("api-1", api1.get("name").getStringValue());
        assertEquals("remote", api1.get("kind").getStringValue());
        assertEquals("10.0.0.7", api1.get("address").getStringValue());
        assertEquals("process", api1.get("runtime").getStringValue());
        assertEquals(4.0, api1.get("capacity").get("cpu").getDoubleValue());
        assertEquals(4096, api1.get("capacity").get("memoryMb").getIntValue());
        assertEquals(0.75, api1.get("used").get("cpu").getDoubleValue());
        assertEquals(640, api1.get("used").get("memoryMb").getIntValue());
        assertEquals(1.5, api1.get("reserved").get("cpu").getDoubleValue(), "0.5 + 1.0; the stopped one holds nothing");
        assertEquals(512, api1.get("reserved").get("memoryMb").getIntValue());
        assertEquals("north", api1.get("labels").get("zone").getStringValue());
        assertEquals("required", api1.get("isolation").getStringValue());
        assertEquals(0, api1.get("isolationProblems").size());
        assertEquals(31000, api1.get("ports").get("from").getIntValue());
        assertEquals("agent-x", api1.get("agentId").getStringValue());
        JsonNode instances = api1.get("instances");
        assertEquals(2, instances.size(), "history (stopped and not wanted) is not shown");
        assertEquals("shop-1", instances.get(0).get("id").getStringValue());
        assertEquals("shop", instances.get(0).get("app").getStringValue());
        assertEquals("1.0.0", instances.get(0).get("version").getStringValue());
        assertEquals("HEALTHY", instances.get(0).get("state").getStringValue());
        assertEquals(31000, instances.get(0).get("port").getIntValue());

        JsonNode api2 = json.readValue(call("GET", "/api/nodes/api-2", admin).body(), JsonNode.class);
        assertEquals("UNKNOWN", api2.get("state").getStringValue(), "its agent never reported");
        assertEquals(0, api2.get("instances").size());
    }

    @Test
    void cordonDrainAndUncordonArePersisted() throws Exception {
        HttpResponse<String> cordoned = call("POST", "/api/nodes/api-1/cordon", admin);
        assertEquals(200, cordoned.statusCode(), cordoned.body());
        assertEquals("CORDONED", json.readValue(cordoned.body(), JsonNode.class).get("state").getStringValue());
        assertEquals("CORDONED", nodeDocument("api-1").getString("adminState"));
        assertEquals("CORDONED", nodeDocument("api-1").getString("state"));

        HttpResponse<String> again = call("POST", "/api/nodes/api-1/cordon", admin);
        assertEquals(409, again.statusCode());
        assertTrue(again.body().contains("node 'api-1' is already cordoned"), again.body());

        HttpResponse<String> drained = call("POST", "/api/nodes/api-1/drain", admin);
        assertEquals(200, drained.statusCode(), drained.body());
        assertEquals("DRAINING", nodeDocument("api-1").getString("adminState"));
        assertEquals("DRAINING", nodeDocument("api-1").getString("state"), "the deployer reads this");
        assertEquals(409, call("POST", "/api/nodes/api-1/drain", admin).statusCode());
        assertEquals(409, call("POST", "/api/nodes/api-1/cordon", admin).statusCode(), "cordoning a draining node is refused");

        HttpResponse<String> opened = call("POST", "/api/nodes/api-1/uncordon", admin);
        assertEquals(200, opened.statusCode(), opened.body());
        assertEquals("ACTIVE", nodeDocument("api-1").getString("adminState"));
        assertEquals("READY", state("api-1"));
        HttpResponse<String> openAgain = call("POST", "/api/nodes/api-1/uncordon", admin);
        assertEquals(409, openAgain.statusCode());
        assertTrue(openAgain.body().contains("neither cordoned nor draining"), openAgain.body());
    }

    @Test
    void anUnknownNodeIs404() throws Exception {
        HttpResponse<String> response = call("GET", "/api/nodes/nope", admin);
        assertEquals(404, response.statusCode());
        assertTrue(response.body().contains("node 'nope' was not found"), response.body());
        assertEquals(404, call("POST", "/api/nodes/nope/drain", admin).statusCode());
    }

    @Test
    void adminsSeeInstancesByApp() throws Exception {
        JsonNode shop = json.readValue(call("GET", "/api/instances?app=shop", admin).body(), JsonNode.class);
        JsonNode all = json.readValue(call("GET", "/api/instances", admin).body(), JsonNode.class);

        assertEquals(3, shop.size());
        assertEquals(4, all.size());
    }

    private static String stateOf(String node) {
        try {
            return state(node);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read node " + node + ": " + e.getMessage(), e);
        }
    }

    private static String state(String node) throws Exception {
        HttpResponse<String> response = call("GET", "/api/nodes/" + node, admin);
        return response.statusCode() == 200 ? json.readValue(response.body(), JsonNode.class).get("state").getStringValue() : null;
    }

    private static Document nodeDocument(String name) {
        return mongo.database(Contexts.DATABASE).getCollection(Collections.NODES).find(new Document("_id", name)).first();
    }

    private static HttpResponse<String> call(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
