package dev.plinth.bootstrapper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.plinth.bootstrapper.infra.Infrastructure;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sensor journey on the real embedded platform, through the gateway and the secured broker: an
 * admin registers types, a developer registers a sensor and a controller, a version that needs them
 * is refused until they exist and then deployed, the deployment is bound to them, the sensor's
 * readings reach the app over MQTT and the app's commands reach the controller.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SensorJourneyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(90);

    Platform platform;
    Http http;
    String admin;
    String developer;
    final List<Mqtt5BlockingClient> clients = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        platform = Platform.start(TestPlatforms.settings(data));
        http = new Http(platform.gatewayUrl());
        admin = http.login(Infrastructure.ADMIN_USER, platform.secrets().adminPassword());
        developer = http.login(AuthScenarios.registration(http), "correct-horse-battery");
    }

    @AfterAll
    void stop() {
        clients.forEach(c -> {
            try {
                c.disconnect();
            } catch (RuntimeException e) {
                // already gone
            }
        });
        if (platform != null) {
            platform.close();
        }
    }

    private Mqtt5BlockingClient mqtt(String clientId, String username, String password) {
        URI url = URI.create(platform.endpoints().mqttUrl());
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost(url.getHost()).serverPort(url.getPort()).buildBlocking();
        client.connectWith().cleanStart(true).simpleAuth().username(username).password(password.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().send();
        clients.add(client);
        return client;
    }

    /** The credential the agent gives the app's instances of that deployment. */
    private String appCredential(String app, String deployment) {
        return TestTokens.signedWith(platform.secrets().jwtSecret()).app(app, deployment);
    }

    @Test
    void readingsReachTheBoundAppAndItsCommandsReachTheController() throws Exception {
        assertEquals(201, http.post("/api/sensor-types", Map.of("name", "vehicle-speed", "kind", "sensor",
                "fields", Map.of("speedKmh", Map.of("type", "number", "unit", "km/h"))), admin).status());
        assertEquals(201, http.post("/api/sensor-types", Map.of("name", "buzzer", "kind", "controller",
                "fields", Map.of("on", Map.of("type", "boolean"))), admin).status());
        Http.Answer uploaded = http.upload("/api/apps", "package", "hello-http-1.1.0.zip", ExamplePackages.withDescriptorLines("1.1.0",
                "sensors:\n  - { name: speed, type: vehicle-speed, where: { route: A1 } }\ncontrollers:\n  - { name: horn, type: buzzer }\n"),
                developer);
        assertEquals(201, uploaded.status(), uploaded.toString());

        Http.Answer refused = http.post("/api/apps/hello-http/deployments", Map.of("version", "1.1.0", "instances", 1), developer);
        assertEquals(422, refused.status(), refused.toString());
        assertTrue(refused.text().contains("needs 1 vehicle-speed sensor with route=A1; 0 are registered"), refused.toString());
        // The admin's cars are not the developer's: they do not count until an admin shares them.
        assertEquals(201, http.post("/api/sensors", Map.of("id", "admins-car", "type", "vehicle-speed", "labels", Map.of("route", "A1")),
                admin).status());
        Http.Answer stillRefused = http.post("/api/apps/hello-http/deployments", Map.of("version", "1.1.0", "instances", 1), developer);
        assertEquals(422, stillRefused.status(), stillRefused.toString());
        assertEquals(204, http.send("DELETE", "/api/sensors/admins-car", null, admin, Map.of()).status());

        Http.Answer car = http.post("/api/sensors", Map.of("id", "car-1", "type", "vehicle-speed", "labels", Map.of("route", "A1")), developer);
        assertEquals(201, car.status(), car.toString());
        String carToken = car.json().path("token").asText();
        Http.Answer horn = http.post("/api/sensors", Map.of("id", "horn-1", "type", "buzzer"), developer);
        String hornToken = horn.json().path("token").asText();

        Http.Answer deployed = http.post("/api/apps/hello-http/deployments", Map.of("version", "1.1.0", "instances", 1), developer);
        assertEquals(201, deployed.status(), deployed.toString());
        JsonNode bindings = Waits.until("the bindings of hello-http", WAIT, () -> {
            JsonNode b = http.get("/api/bindings/hello-http", developer).json();
            return b != null && "BOUND".equals(b.path("sensors").path("speed").path("status").asText())
                    && "BOUND".equals(b.path("controllers").path("horn").path("status").asText()) ? b : null;
        }, () -> String.valueOf(http.get("/api/bindings/hello-http", developer)));
        assertEquals("car-1", bindings.path("sensors").path("speed").path("devices").get(0).asText());

        // The app, as one of its instances signs in; the devices with their tokens.
        String credential = appCredential("hello-http", deployed.json().path("id").asText());
        Mqtt5BlockingClient app = mqtt("app:hello-http:test-1", "app:hello-http:test-1", credential);
        List<JsonNode> readings = new CopyOnWriteArrayList<>();
        app.toAsync().subscribeWith().topicFilter(MqttTopics.shared("hello-http", MqttTopics.appSensor("hello-http", "speed"))).qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> readings.add(read(p.getPayloadAsBytes()))).send().join();
        Mqtt5BlockingClient sensor = mqtt("car-1", "car-1", carToken);
        Mqtt5BlockingClient controller = mqtt("horn-1", "horn-1", hornToken);
        List<JsonNode> commands = new CopyOnWriteArrayList<>();
        controller.toAsync().subscribeWith().topicFilter(MqttTopics.deviceCommands("horn-1")).qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> commands.add(read(p.getPayloadAsBytes()))).send().join();

        JsonNode reading = Waits.until("a reading of car-1 at the app", WAIT, () -> {
            sensor.publishWith().topic(MqttTopics.deviceTelemetry("car-1")).qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"values\": {\"speedKmh\": 87.5}}".getBytes(StandardCharsets.UTF_8)).send();
            return readings.isEmpty() ? null : readings.get(0);
        }, readings::toString);
        assertEquals("car-1", reading.path("sensorId").asText());
        assertEquals(87.5, reading.path("values").path("speedKmh").asDouble());

        JsonNode command = Waits.until("a command of hello-http at horn-1", WAIT, () -> {
            app.publishWith().topic(MqttTopics.appCommands("hello-http", "horn")).qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"payload\": {\"on\": true}}".getBytes(StandardCharsets.UTF_8)).send();
            return commands.isEmpty() ? null : commands.get(0);
        }, commands::toString);
        assertEquals("hello-http", command.path("from").asText());
        assertTrue(command.path("payload").path("on").asBoolean());

        // Over HTTP through the gateway: a device's reading, and the app reading its latest.
        Http.Answer ingested = http.send("POST", "/api/ingest/car-1", "{\"values\": {\"speedKmh\": 42}}", carToken, Map.of());
        assertEquals(202, ingested.status(), ingested.toString());
        assertEquals(401, http.send("POST", "/api/ingest/car-1", "{\"values\": {\"speedKmh\": 42}}", hornToken, Map.of()).status());
        JsonNode latest = Waits.until("the latest reading of the binding", WAIT, () -> {
            JsonNode l = http.get("/api/bindings/hello-http/speed/latest", credential).json();
            return l != null && l.path("readings").size() == 1 && l.path("readings").get(0).path("values").path("speedKmh").asDouble() == 42
                    ? l : null;
        }, () -> String.valueOf(http.get("/api/bindings/hello-http/speed/latest", credential)));
        assertEquals("car-1", latest.path("readings").get(0).path("sensorId").asText());
    }

    private static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
