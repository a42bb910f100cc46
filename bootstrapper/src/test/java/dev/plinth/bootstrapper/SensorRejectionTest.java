package dev.plinth.bootstrapper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import dev.plinth.contracts.state.MqttTopics;
import dev.plinth.testkit.tokens.TestTokens;
import dev.plinth.testkit.wait.Waits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the platform refuses, on the real embedded platform with speed-alert deployed: readings that do
 * not match the type (over MQTT and HTTP), wrong tokens and unknown devices (refused by the broker at
 * CONNECT, and by ingestion over HTTP), and commands to controllers the app is not bound to. Each
 * refusal is counted in sensor-manager's pipeline counters (health details, {@code sensor-pipeline}),
 * and an unknown device that keeps sending raises one UNREGISTERED_DEVICE alert.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SensorRejectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    Platform platform;
    SpeedAlertFixture fixture;
    final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        platform = Platform.start(TestPlatforms.settings(dir.resolve("data")));
        fixture = SpeedAlertFixture.register(platform, dir.resolve("devices"));
        fixture.deploy(1);
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : clients) {
            try {
                c.close();
            } catch (Exception e) {
                // gone already
            }
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void badReadingsTokensDevicesAndCommandsAreRefusedAndCounted() throws Exception {
        JsonNode before = fixture.pipeline();
        String car = fixture.carTokens.get("car-1");
        List<String> bad = List.of(
                "{\"values\": {\"speed\": 50}}",                        // a field the type does not have (and speedKmh missing)
                "{\"values\": {\"speedKmh\": \"fast\"}}",               // a string where a number belongs
                "{\"values\": {\"speedKmh\": 50, \"gear\": 3}}",        // an unknown field beside a good one
                "{\"values\": {\"speedKmh\": 50}, \"time\": \"soon\"}", // not a time
                "not json");

        // Over HTTP: 422 with the reason, 401 for a wrong token or an unknown device (the same answer).
        for (String reading : bad) {
            Http.Answer answer = fixture.http.send("POST", "/api/ingest/car-1", reading, car, Map.of());
            assertEquals(422, answer.status(), reading + " → " + answer);
        }
        assertTrue(fixture.http.send("POST", "/api/ingest/car-1", bad.get(1), car, Map.of()).text().contains("speedKmh"));
        assertEquals(401, fixture.http.send("POST", "/api/ingest/car-1", "{\"values\": {\"speedKmh\": 50}}",
                fixture.buzzerToken, Map.of()).status(), "another device's token");
        int unknown = 25;
        for (int i = 0; i < unknown; i++) {
            assertEquals(401, fixture.http.send("POST", "/api/ingest/ghost-1", "{\"values\": {\"speedKmh\": 50}}", car, Map.of()).status());
        }
        // A good reading after all that is still taken.
        assertEquals(202, fixture.http.send("POST", "/api/ingest/car-1", "{\"values\": {\"speedKmh\": 50}}", car, Map.of()).status());

        // Over MQTT: the broker takes the bad readings (it does not read payloads) and sensor-manager refuses them.
        Mqtt5BlockingClient device = fixture.device("car-1", car);
        clients.add(device::disconnect);
        for (String reading : bad) {
            Mqtt5PublishResult result = device.publishWith().topic(MqttTopics.deviceTelemetry("car-1")).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(reading.getBytes(StandardCharsets.UTF_8)).send();
            assertTrue(result.getError().isEmpty(), result.toString());
        }
        // A wrong token and an unknown device are refused at CONNECT: not one reading gets in.
        assertEquals(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED, refusedConnect("car-2", "car-2", fixture.buzzerToken));
        assertEquals(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED, refusedConnect("ghost-1", "ghost-1", car));
        assertEquals(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED, refusedConnect("car-9", "car-1", car), "another device's client id");
        // A device may publish on its own topic only.
        Mqtt5PubAckException foreign = assertThrows(Mqtt5PubAckException.class, () -> device.publishWith()
                .topic(MqttTopics.deviceTelemetry("car-2")).qos(MqttQos.AT_LEAST_ONCE)
                .payload("{\"values\": {\"speedKmh\": 50}}".getBytes(StandardCharsets.UTF_8)).send());
        assertEquals(Mqtt5PubAckReasonCode.NOT_AUTHORIZED, foreign.getMqttMessage().getReasonCode());

        int refusedReadings = 2 * bad.size() + 1 + 1 + unknown; // HTTP bad ×5 (+1 repeat), wrong token, unknown ×25, MQTT bad ×5
        JsonNode counted = Waits.until(refusedReadings + " refused readings counted", SpeedAlertFixture.WAIT, () -> {
            JsonNode p = fixture.pipeline();
            return delta(p, before, "readingsRejected") >= refusedReadings ? p : null;
        }, () -> fixture.pipeline().toString());
        assertEquals(refusedReadings, delta(counted, before, "readingsRejected"), counted.toString());
        assertEquals(1, delta(counted, before, "readingsAccepted"), "only the good reading was accepted: " + counted);

        // The unknown device's 25 readings in a minute passed the threshold (20): one alert, not one per reading.
        JsonNode alert = Waits.until("an UNREGISTERED_DEVICE alert for ghost-1", SpeedAlertFixture.WAIT, () -> {
            JsonNode list = fixture.http.get("/api/alerts?open=true&kind=UNREGISTERED_DEVICE", fixture.admin).json();
            for (JsonNode a : list == null ? JSON.createArrayNode() : list.path("alerts")) {
                if ("device/ghost-1".equals(a.path("subject").asText())) {
                    return a;
                }
            }
            return null;
        }, () -> String.valueOf(fixture.http.get("/api/alerts", fixture.admin)));
        assertEquals(1, alert.path("count").asLong(), alert.toString());
        assertTrue(alert.path("message").asText().contains("unregistered device id ghost-1"), alert.toString());
        assertEquals(1, delta(fixture.pipeline(), before, "alertsRaised"), "car-1's few refusals stay below the threshold");
        JsonNode car1 = Waits.until("car-1's record to count its refusals", SpeedAlertFixture.WAIT, () -> {
            JsonNode d = fixture.http.get("/api/sensors/car-1", fixture.admin).json();
            return d != null && d.path("rejected").asLong() >= 2L * bad.size() + 2 ? d : null;
        }, () -> String.valueOf(fixture.http.get("/api/sensors/car-1", fixture.admin)));
        assertEquals(2L * bad.size() + 2, car1.path("rejected").asLong(), "its bad readings and the one with a wrong token");

        // Commands the app may not send: to a controller it is not bound to, or under a requirement it does not have.
        List<JsonNode> refusals = new CopyOnWriteArrayList<>();
        List<JsonNode> buzzed = new CopyOnWriteArrayList<>();
        listen("buzzer-1", "buzzer-1", fixture.buzzerToken, MqttTopics.deviceCommands("buzzer-1"), buzzed::add);
        String credential = appCredential("speed-alert",
                fixture.http.get("/api/bindings/speed-alert", fixture.admin).json().path("deploymentId").asText());
        Mqtt5AsyncClient app = listen("app:speed-alert:test-1", "app:speed-alert:test-1", credential,
                MqttTopics.appRejectedFilter("speed-alert"), refusals::add);
        JsonNode beforeCommands = fixture.pipeline();
        publish(app, MqttTopics.appCommands("speed-alert", "buzzer"), "{\"device\": \"buzzer-9\", \"payload\": {\"action\": \"beep\"}}");
        publish(app, MqttTopics.appCommands("speed-alert", "horn"), "{\"payload\": {\"action\": \"beep\"}}");
        publish(app, MqttTopics.appCommands("speed-alert", "buzzer"), "{\"payload\": \"not an object\"}");
        assertEquals(422, fixture.http.post("/api/bindings/speed-alert/buzzer/commands",
                Map.of("device", "buzzer-9", "payload", Map.of("action", "beep")), credential).status());
        assertEquals(404, fixture.http.post("/api/bindings/speed-alert/horn/commands",
                Map.of("payload", Map.of("action", "beep")), credential).status());
        // And one it may send, so the buzzer's silence above means something.
        publish(app, MqttTopics.appCommands("speed-alert", "buzzer"), "{\"device\": \"buzzer-1\", \"payload\": {\"action\": \"test\"}}");

        Waits.until("three refusals told to the app", SpeedAlertFixture.WAIT, () -> refusals.size() >= 3 ? refusals : null,
                refusals::toString);
        Waits.until("the allowed command at buzzer-1", SpeedAlertFixture.WAIT, () -> buzzed.isEmpty() ? null : buzzed, buzzed::toString);
        JsonNode commands = Waits.until("five refused commands counted", SpeedAlertFixture.WAIT, () -> {
            JsonNode p = fixture.pipeline();
            return delta(p, beforeCommands, "commandsRejected") >= 5 && delta(p, beforeCommands, "commandsForwarded") >= 1 ? p : null;
        }, () -> fixture.pipeline().toString());
        assertEquals(5, delta(commands, beforeCommands, "commandsRejected"), commands.toString());
        assertEquals(1, delta(commands, beforeCommands, "commandsForwarded"), commands.toString());
        assertEquals(1, buzzed.size(), "only the allowed command reached the buzzer: " + buzzed);
        assertEquals("test", buzzed.get(0).path("payload").path("action").asText());
        assertEquals(3, refusals.size(), refusals.toString());
        assertTrue(refusals.stream().anyMatch(r -> "buzzer-9".equals(r.path("device").asText())
                && r.path("reason").asText().contains("not bound")), refusals.toString());
        assertTrue(refusals.stream().anyMatch(r -> r.path("reason").asText().contains("no controllers named 'horn'")), refusals.toString());
    }

    private static long delta(JsonNode now, JsonNode before, String counter) {
        return now.path(counter).asLong() - before.path(counter).asLong();
    }

    private Mqtt5ConnAckReasonCode refusedConnect(String clientId, String username, String password) {
        URI url = URI.create(platform.endpoints().mqttUrl());
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost(url.getHost()).serverPort(url.getPort()).buildBlocking();
        Mqtt5ConnAckException refused = assertThrows(Mqtt5ConnAckException.class, () -> client.connectWith()
                .simpleAuth().username(username).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send());
        return refused.getMqttMessage().getReasonCode();
    }

    private Mqtt5AsyncClient listen(String clientId, String username, String password, String filter, Consumer<JsonNode> messages) {
        URI url = URI.create(platform.endpoints().mqttUrl());
        Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost(url.getHost()).serverPort(url.getPort()).buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, p -> messages.accept(read(p.getPayloadAsBytes())));
        client.connectWith().cleanStart(true).simpleAuth().username(username).password(password.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().send().join();
        client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().join();
        clients.add(() -> client.disconnect().join());
        return client;
    }

    private static void publish(Mqtt5AsyncClient client, String topic, String json) {
        Mqtt5PublishResult result = client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(json.getBytes(StandardCharsets.UTF_8)).send().join();
        assertTrue(result.getError().isEmpty(), result.toString());
    }

    /** The credential the agent gives the app's instances of that deployment. */
    private String appCredential(String app, String deployment) {
        return TestTokens.signedWith(platform.secrets().jwtSecret()).app(app, deployment);
    }

    private static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
