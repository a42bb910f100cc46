package dev.plinth.sensormanager.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.MqttTopics;
import dev.plinth.sensormanager.SensorMetrics;
import dev.plinth.sensormanager.testing.SensorTestBase;
import dev.plinth.sensormanager.testing.TestServers;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Commands from apps reach the controllers bound to them, over MQTT and HTTP; others are refused. */
@MicronautTest(environments = {"plinth", "sensor-manager"}, transactional = false)
class CommandsTest extends SensorTestBase {

    @Inject
    SensorMetrics metrics;

    private String app;
    private String lamp1;
    private String lamp2;
    private String lamp3;
    private final List<JsonNode> at1 = new CopyOnWriteArrayList<>();
    private final List<JsonNode> at2 = new CopyOnWriteArrayList<>();
    private final List<JsonNode> at3 = new CopyOnWriteArrayList<>();
    private final List<JsonNode> refusals = new CopyOnWriteArrayList<>();
    private Mqtt5BlockingClient appClient;

    @BeforeAll
    void setUp() {
        String type = "lamp-" + s;
        registerType(type, "controller", "\"on\": {\"type\": \"boolean\"}");
        lamp1 = registerDevice(ada, "lamp-1-" + s, type, "\"zone\": \"" + s + "\"").id();
        lamp2 = registerDevice(ada, "lamp-2-" + s, type, "\"zone\": \"" + s + "\"").id();
        lamp3 = registerDevice(ada, "lamp-3-" + s, type, "\"zone\": \"elsewhere-" + s + "\"").id();
        app = "lights-" + s;
        deploy(app, "ada", app + "-d1", "1.0.0", List.of(), List.of(controllerRequirement("lamps", type, 2, Map.of("zone", s))));
        await("the binding", () -> {
            Document b = db().getCollection(Collections.BINDINGS).find(new Document("_id", app + "-d1/controller/lamps")).first();
            return b != null && List.of(lamp1, lamp2).equals(b.get("devices"));
        });
        listen(lamp1, at1);
        listen(lamp2, at2);
        listen(lamp3, at3);
        appClient = mqttClient("app:" + app + ":i1");
        appClient.toAsync().subscribeWith().topicFilter(MqttTopics.appRejectedFilter(app)).qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> refusals.add(read(p.getPayloadAsBytes()))).send().join();
    }

    private void listen(String device, List<JsonNode> into) {
        mqttClient(device).toAsync().subscribeWith().topicFilter(MqttTopics.deviceCommands(device)).qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> into.add(read(p.getPayloadAsBytes()))).send().join();
    }

    private static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void command(String name, String json) {
        appClient.publishWith().topic(MqttTopics.appCommands(app, name)).qos(MqttQos.AT_LEAST_ONCE)
                .payload(json.getBytes(StandardCharsets.UTF_8)).send();
    }

    private static boolean has(List<JsonNode> messages, String marker) {
        return messages.stream().anyMatch(m -> marker.equals(m.path("payload").path("marker").asText()));
    }

    private static JsonNode find(List<JsonNode> messages, String marker) {
        return messages.stream().filter(m -> marker.equals(m.path("payload").path("marker").asText())).findFirst().orElseThrow();
    }

    /** Sends until sensor-manager's subscription is in place and the first command arrives. */
    private void warmUp() {
        await("the first command", () -> {
            command("lamps", "{\"device\": \"" + lamp1 + "\", \"payload\": {\"on\": false, \"marker\": \"warm\"}}");
            return has(at1, "warm");
        });
    }

    @Test
    void aCommandToOneBoundDeviceReachesItAlone() {
        warmUp();
        command("lamps", "{\"device\": \"" + lamp2 + "\", \"payload\": {\"on\": true, \"marker\": \"one\"}}");

        await("the command at " + lamp2, () -> has(at2, "one"));
        JsonNode message = find(at2, "one");
        assertEquals(app, message.path("from").asText());
        assertTrue(message.path("payload").path("on").asBoolean());
        assertTrue(message.path("commandId").asText().length() > 10, message.toString());
        assertTrue(Instant.parse(message.path("time").asText()).isAfter(Instant.now().minusSeconds(60)));
        assertTrue(!has(at1, "one"), "not to the other lamp");
    }

    @Test
    void aCommandWithoutADeviceReachesEveryBoundController() {
        warmUp();
        command("lamps", "{\"payload\": {\"on\": true, \"marker\": \"all\"}}");

        await("the command at both lamps", () -> has(at1, "all") && has(at2, "all"));
        assertEquals(find(at1, "all").path("commandId").asText(), find(at2, "all").path("commandId").asText(), "one command, one id");
    }

    @Test
    void commandsToDevicesOrRequirementsTheAppIsNotBoundToAreRefused() {
        warmUp();
        long refusedBefore = metrics.commandsRejectedCount();
        command("lamps", "{\"device\": \"" + lamp3 + "\", \"payload\": {\"on\": true, \"marker\": \"stray\"}}");
        command("sirens", "{\"payload\": {\"on\": true, \"marker\": \"unknown\"}}");
        command("lamps", "{\"payload\": \"not an object\"}");

        await("three refusals", () -> refusals.size() >= 3);
        JsonNode stray = refusals.stream().filter(r -> lamp3.equals(r.path("device").asText())).findFirst().orElseThrow();
        assertTrue(stray.path("reason").asText().contains("is not bound to controllers 'lamps'"), stray.toString());
        assertTrue(refusals.stream().anyMatch(r -> r.path("reason").asText().contains("no controllers named 'sirens'")), refusals.toString());
        assertTrue(refusals.stream().anyMatch(r -> r.path("reason").asText().contains("payload must be a JSON object")), refusals.toString());
        assertEquals(refusedBefore + 3, metrics.commandsRejectedCount());
        // A later command to lamp 3's neighbour arrives, so the refused one would have by now.
        command("lamps", "{\"device\": \"" + lamp1 + "\", \"payload\": {\"marker\": \"after\"}}");
        await("a later command", () -> has(at1, "after"));
        assertEquals(List.of(), at3, "nothing reached the unbound lamp");
    }

    @Test
    void httpCommandsFollowTheSameRules() {
        String path = "/api/bindings/" + app + "/lamps/commands";
        JsonNode sent = post(path, TestServers.TOKENS.app(app, app + "-d1"), "{\"device\": \"" + lamp1 + "\", \"payload\": {\"marker\": \"http\"}}")
                .expect(202).json();
        assertEquals(List.of(lamp1), List.of(sent.path("devices").get(0).asText()));
        await("the HTTP command at " + lamp1, () -> has(at1, "http"));
        assertEquals(sent.path("commandId").asText(), find(at1, "http").path("commandId").asText());

        JsonNode both = post(path, ada, "{\"payload\": {\"marker\": \"http-all\"}}").expect(202).json();
        assertEquals(2, both.path("devices").size());
        await("the owner's command at both", () -> has(at1, "http-all") && has(at2, "http-all"));

        post(path, TestServers.TOKENS.app(app, app + "-d1"), "{\"device\": \"" + lamp3 + "\", \"payload\": {}}").expect(422);
        post(path, TestServers.TOKENS.app(app, app + "-d1"), "{\"on\": true}").expect(422);
        post("/api/bindings/" + app + "/sirens/commands", TestServers.TOKENS.app(app, app + "-d1"), "{\"payload\": {}}").expect(404);
        post(path, bob, "{\"payload\": {}}").expect(404);
        String other = "other-" + s;
        deploy(other, "bob", other + "-d1", "1.0.0", List.of(), List.of());
        post(path, TestServers.TOKENS.app(other, other + "-d1"), "{\"payload\": {}}").expect(404);
        post(path, admin, "{\"payload\": {\"marker\": \"admin\"}}").expect(202);
    }
}
