package dev.plinth.bootstrapper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sensor journey on the real embedded platform, through the gateway and the secured broker: an
 * admin registers types, a developer registers a sensor and a controller, a version that needs them
 * is refused until they exist and then deployed, the deployment is bound to them, the sensor's
 * readings reach the app over MQTT and the app's commands reach the controller.
 * <p>
 * And two more developers on the same platform, the second attacking the first: binding and
 * commanding the first one's devices, reading their history, taking the platform's MQTT identity,
 * keeping a session whose credential is gone, and taking over names the first one deleted.
 * <p>
 * One platform serves every test (a start and a stop are a good part of each test's time): the
 * journey and the attacks use sensor types, devices and apps of names of their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SensorJourneyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(90);

    Platform platform;
    Http http;
    String admin;
    String developer;
    String ada;
    String adaName;
    String bob;
    String bobName;
    final List<Mqtt5BlockingClient> clients = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        platform = Platform.start(TestPlatforms.settings(data));
        http = new Http(platform.gatewayUrl());
        admin = http.login(Infrastructure.ADMIN_USER, platform.secrets().adminPassword());
        developer = http.login(AuthScenarios.registration(http), "correct-horse-battery");
        // The attacks' developers and sensor types.
        adaName = AuthScenarios.registration(http);
        ada = http.login(adaName, "correct-horse-battery");
        bobName = AuthScenarios.registration(http);
        bob = http.login(bobName, "correct-horse-battery");
        assertEquals(201, http.post("/api/sensor-types", Map.of("name", "speed", "kind", "sensor",
                "fields", Map.of("kmh", Map.of("type", "number"))), admin).status());
        assertEquals(201, http.post("/api/sensor-types", Map.of("name", "horn", "kind", "controller",
                "fields", Map.of("on", Map.of("type", "boolean"))), admin).status());
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

    // ---- two developers, the second attacking the first ----

    private Mqtt5ConnAckReasonCode refusedConnect(String clientId, String username, String password) {
        return assertThrows(Mqtt5ConnAckException.class, () -> mqtt(clientId, username, password)).getMqttMessage().getReasonCode();
    }

    private String register(String token, String id, String type, Map<String, String> labels) {
        Http.Answer created = http.post("/api/sensors", Map.of("id", id, "type", type, "labels", labels), token);
        assertEquals(201, created.status(), created.toString());
        return created.json().path("token").asText();
    }

    private void upload(String token, String app, String lines) throws Exception {
        Http.Answer uploaded = http.upload("/api/apps", "package", app + ".zip", ExamplePackages.withDescriptorLines(app, "1.0.0", lines), token);
        assertEquals(201, uploaded.status(), uploaded.toString());
    }

    /** @return the new deployment's id */
    private String deploy(String token, String app) {
        Http.Answer deployed = http.post("/api/apps/" + app + "/deployments", Map.of("version", "1.0.0", "instances", 1), token);
        assertEquals(201, deployed.status(), deployed.toString());
        return deployed.json().path("id").asText();
    }

    private JsonNode awaitBound(String token, String app, String sensors, String controllers) {
        return Waits.until("the bindings of " + app, WAIT, () -> {
            JsonNode b = http.get("/api/bindings/" + app, token).json();
            return b != null && (sensors == null || "BOUND".equals(b.path("sensors").path(sensors).path("status").asText()))
                    && (controllers == null || "BOUND".equals(b.path("controllers").path(controllers).path("status").asText())) ? b : null;
        }, () -> String.valueOf(http.get("/api/bindings/" + app, token)));
    }

    private static void awaitDisconnected(String what, Mqtt5BlockingClient client) {
        Waits.until(what + " to be disconnected", Duration.ofSeconds(30), () -> client.getState().isConnected() ? null : true,
                () -> "still connected");
    }

    private static void publish(Mqtt5BlockingClient client, String topic, String json) {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(json.getBytes(StandardCharsets.UTF_8)).send();
    }

    private static List<String> markers(List<JsonNode> commands) {
        return commands.stream().map(c -> c.path("payload").path("marker").asText()).toList();
    }

    // ---- the attacks ----

    @Test
    void anotherDevelopersAppReachesNoneOfAdasDevicesUntilAnAdminSharesThem() throws Exception {
        register(ada, "ada-car", "speed", Map.of("route", "X1"));
        String hornToken = register(ada, "ada-horn", "horn", Map.of("route", "X1"));
        String needs = "sensors:\n  - { name: speed, type: speed, where: { route: X1 } }\n"
                + "controllers:\n  - { name: horn, type: horn, where: { route: X1 } }\n";
        upload(ada, "ada-app", needs);
        deploy(ada, "ada-app");
        awaitBound(ada, "ada-app", "speed", "horn");

        // Bob's app asking for ada's devices is refused, and nothing is bound to it.
        upload(bob, "bob-app", needs);
        Http.Answer refused = http.post("/api/apps/bob-app/deployments", Map.of("version", "1.0.0", "instances", 1), bob);
        assertEquals(422, refused.status(), refused.toString());
        assertTrue(refused.text().contains("needs 1 speed sensor with route=X1; 0 are registered to " + bobName + " or shared with " + bobName),
                refused.toString());
        assertTrue(http.get("/api/bindings/bob-app", bob).json().path("sensors").isEmpty());

        // Bob's running app, with the credential its instances get, goes for ada's app.
        upload(bob, "bob-probe", "");
        String probeDeployment = deploy(bob, "bob-probe");
        String probe = appCredential("bob-probe", probeDeployment);
        List<JsonNode> atHorn = new CopyOnWriteArrayList<>();
        mqtt("ada-horn", "ada-horn", hornToken).toAsync().subscribeWith().topicFilter(MqttTopics.deviceCommands("ada-horn"))
                .qos(MqttQos.AT_LEAST_ONCE).callback(p -> atHorn.add(read(p.getPayloadAsBytes()))).send().join();

        assertEquals(404, http.get("/api/bindings/ada-app/speed/history", probe).status());
        assertEquals(404, http.get("/api/bindings/ada-app/speed/latest", probe).status());
        assertEquals(404, http.post("/api/bindings/ada-app/horn/commands", Map.of("payload", Map.of("marker", "bob-http")), probe).status());
        assertEquals(404, http.get("/api/bindings/ada-app", bob).status(), "bob himself sees no app of ada's");
        Mqtt5BlockingClient probeMqtt = mqtt("app:bob-probe:x1", "app:bob-probe:x1", probe);
        assertThrows(Mqtt5SubAckException.class, () -> probeMqtt.subscribeWith().topicFilter("apps/ada-app/#").qos(MqttQos.AT_LEAST_ONCE).send());
        assertThrows(RuntimeException.class, () -> publish(probeMqtt, MqttTopics.appCommands("ada-app", "horn"), "{\"payload\": {\"marker\": \"bob-mqtt\"}}"));
        Mqtt5BlockingClient again = mqtt("app:bob-probe:x2", "app:bob-probe:x2", probe);
        assertThrows(RuntimeException.class, () -> publish(again, MqttTopics.deviceCommands("ada-horn"), "{\"payload\": {\"marker\": \"bob-direct\"}}"));

        // Ada's own command arrives, and it is the only one: the refused ones never reached the horn.
        assertEquals(202, http.post("/api/bindings/ada-app/horn/commands", Map.of("payload", Map.of("marker", "ada")), ada).status());
        Waits.until("ada's command at her horn", WAIT, () -> atHorn.isEmpty() ? null : true, atHorn::toString);
        assertEquals(List.of("ada"), markers(atHorn));

        // An admin shares the devices with bob: his app deploys and is bound to them.
        Http.Answer developerShares = http.send("PUT", "/api/sensors/ada-car/sharing", Map.of("with", List.of(bobName)), ada, Map.of());
        assertEquals(403, developerShares.status(), "only admins share: " + developerShares);
        for (String device : List.of("ada-car", "ada-horn")) {
            Http.Answer shared = http.send("PUT", "/api/sensors/" + device + "/sharing", Map.of("with", List.of(bobName)), admin, Map.of());
            assertEquals(200, shared.status(), shared.toString());
        }
        deploy(bob, "bob-app");
        JsonNode bobs = awaitBound(bob, "bob-app", "speed", "horn");
        assertEquals("ada-car", bobs.path("sensors").path("speed").path("devices").get(0).asText());
        assertEquals("ada-horn", bobs.path("controllers").path("horn").path("devices").get(0).asText());
    }

    @Test
    void noDeviceTakesThePlatformsSessionAndGoneCredentialsLoseTheirs() throws Exception {
        // A device named like sensor-manager's MQTT client cannot be registered, nor can a device use that client id.
        Http.Answer named = http.post("/api/sensors", Map.of("id", "plinth-sensor-manager", "type", "speed"), bob);
        assertEquals(422, named.status(), named.toString());
        assertTrue(named.text().contains("reserved for the platform"), named.toString());
        String carToken = register(bob, "bob-car", "speed", Map.of());
        assertEquals(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED, refusedConnect("plinth-sensor-manager", "bob-car", carToken));
        assertEquals(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED, refusedConnect("plinth-sensor-manager", "plinth-sensor-manager", carToken));
        // sensor-manager's session is intact: a reading over MQTT still reaches it.
        Mqtt5BlockingClient car = mqtt("bob-car", "bob-car", carToken);
        publish(car, MqttTopics.deviceTelemetry("bob-car"), "{\"values\": {\"kmh\": 33}}");
        Waits.until("bob-car's reading at sensor-manager", WAIT, () -> {
            JsonNode latest = http.get("/api/sensors/bob-car/latest", bob).json();
            return latest != null && latest.path("values").path("kmh").asDouble() == 33 ? latest : null;
        }, () -> String.valueOf(http.get("/api/sensors/bob-car/latest", bob)));

        // A new token closes the session of the old one; deleting the device closes the next.
        Http.Answer rotated = http.post("/api/sensors/bob-car/token", Map.of(), bob);
        assertEquals(200, rotated.status(), rotated.toString());
        awaitDisconnected("bob-car with its old token", car);
        assertEquals(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED, refusedConnect("bob-car", "bob-car", carToken));
        Mqtt5BlockingClient renewed = mqtt("bob-car", "bob-car", rotated.json().path("token").asText());
        assertEquals(204, http.send("DELETE", "/api/sensors/bob-car", null, bob, Map.of()).status());
        awaitDisconnected("the deleted bob-car", renewed);

        // A stopped deployment's credential loses its session and the API.
        upload(bob, "bob-stopper", "");
        String deployment = deploy(bob, "bob-stopper");
        String credential = appCredential("bob-stopper", deployment);
        Mqtt5BlockingClient instance = mqtt("app:bob-stopper:i1", "app:bob-stopper:i1", credential);
        assertEquals(200, http.get("/api/bindings/bob-stopper", credential).status());
        assertEquals(200, http.send("DELETE", "/api/apps/bob-stopper/deployments/" + deployment, null, bob, Map.of()).status());
        awaitDisconnected("the stopped deployment's instance", instance);
        Waits.until("the stopped deployment's credential refused", WAIT,
                () -> http.get("/api/bindings/bob-stopper", credential).status() == 401 ? true : null, () -> "still accepted");
        assertEquals(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED, refusedConnect("app:bob-stopper:i2", "app:bob-stopper:i2", credential));
    }

    @Test
    void namesTakenOverAfterADeleteRevealNothingOfTheirFormerOwner() throws Exception {
        String oldToken = register(ada, "reused-car", "speed", Map.of("fleet", "R"));
        upload(ada, "reused-app", "sensors:\n  - { name: speed, type: speed, where: { fleet: R } }\n");
        String adasDeployment = deploy(ada, "reused-app");
        awaitBound(ada, "reused-app", "speed", null);
        new Deployments(http, ada, "reused-app").awaitRunning("1.0.0", 1, WAIT);
        assertEquals(202, http.send("POST", "/api/ingest/reused-car", "{\"values\": {\"kmh\": 71}}", oldToken, Map.of()).status());
        Waits.until("ada's reading in the history", WAIT, () -> http.get("/api/bindings/reused-app/speed/history", ada).json()
                .path("readings").size() == 1 ? true : null, () -> String.valueOf(http.get("/api/bindings/reused-app/speed/history", ada)));
        JsonNode adasLogs = Waits.until("a log line of ada's instance", WAIT, () -> {
            JsonNode logs = http.get("/api/logs?app=reused-app", ada).json();
            return logs != null && logs.path("records").size() > 0 ? logs : null;
        }, () -> String.valueOf(http.get("/api/logs?app=reused-app", ada)));
        Set<String> adasInstances = new HashSet<>();
        adasLogs.path("records").forEach(r -> adasInstances.add(r.path("instanceId").asText()));

        // Ada deletes the app and the device.
        assertEquals(200, http.send("DELETE", "/api/apps/reused-app/deployments/" + adasDeployment, null, ada, Map.of()).status());
        Waits.until("ada's app deleted", WAIT, () -> http.send("DELETE", "/api/apps/reused-app", null, ada, Map.of()).status() == 204 ? true : null,
                () -> String.valueOf(http.send("DELETE", "/api/apps/reused-app", null, ada, Map.of())));
        assertEquals(204, http.send("DELETE", "/api/sensors/reused-car", null, ada, Map.of()).status());

        // Bob takes both names.
        register(bob, "reused-car", "speed", Map.of("fleet", "R"));
        upload(bob, "reused-app", "sensors:\n  - { name: speed, type: speed, where: { fleet: R } }\n");
        String bobsDeployment = deploy(bob, "reused-app");
        JsonNode bindings = awaitBound(bob, "reused-app", "speed", null);
        assertEquals(bobsDeployment, bindings.path("deploymentId").asText());
        String bobsCredential = appCredential("reused-app", bobsDeployment);

        assertEquals(0, http.get("/api/sensors/reused-car/readings", bob).json().path("readings").size(), "no readings of ada's car");
        assertEquals(404, http.get("/api/sensors/reused-car/latest", bob).status());
        assertEquals(0, http.get("/api/bindings/reused-app/speed/history", bob).json().path("readings").size());
        assertEquals(0, http.get("/api/bindings/reused-app/speed/history", bobsCredential).json().path("readings").size());
        assertEquals(401, http.get("/api/bindings/reused-app", appCredential("reused-app", adasDeployment)).status(),
                "ada's old instance credential names a deployment that is gone");
        JsonNode bobsLogs = http.get("/api/logs?app=reused-app&limit=1000", bob).json();
        bobsLogs.path("records").forEach(r -> assertFalse(adasInstances.contains(r.path("instanceId").asText()),
                "a line of ada's instance: " + r));
        JsonNode bobsAlerts = http.get("/api/alerts?app=reused-app", bob).json();
        bobsAlerts.path("alerts").forEach(a -> assertEquals(bobName, a.path("owner").asText(), "an alert of ada's app: " + a));
        // The admin still sees ada's lines: they were hidden from bob, not lost.
        JsonNode all = http.get("/api/logs?app=reused-app&limit=1000", admin).json();
        assertTrue(all.path("records").findValuesAsText("instanceId").stream().anyMatch(adasInstances::contains), all.toString());
    }
}
