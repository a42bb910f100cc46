package dev.plinth.bootstrapper;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.plinth.bootstrapper.infra.Infrastructure;
import dev.plinth.bootstrapper.simulator.DeviceRegistration;
import dev.plinth.bootstrapper.simulator.DeviceType;

import dev.plinth.testkit.wait.Waits;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The speed-alert example on a test's platform, set up as a user would, through the public API as
 * the admin: the types, ten cars ({@code route=A1}) and a buzzer registered with the simulator's
 * registration (tokens in a directory of the test), the package uploaded and deployed; then the
 * instances reached directly on their nodes ({@code /} and {@code /seen}), the pipeline's counters
 * and the readings' history.
 */
final class SpeedAlertFixture {

    static final String APP = "speed-alert";
    static final String VERSION = "1.0.0";
    static final DeviceType BUZZER = new DeviceType("buzzer", "controller", Map.of("action", Map.of("type", "string")),
            "A buzzer that beeps on command.", "buzzer");
    static final Duration WAIT = Duration.ofSeconds(120);

    /**
     * One delivery of a reading at an instance, as its {@code /seen} lists it.
     *
     * @param instance   the instance
     * @param readingId  the platform's id of the reading
     * @param sensorId   the car
     * @param deviceTime when the car measured
     */
    record Seen(String instance, String readingId, String sensorId, Instant deviceTime) {
        /** @return what the car knows of its reading: itself and its time */
        String key() {
            return key(sensorId, deviceTime);
        }

        static String key(String sensorId, Instant deviceTime) {
            return sensorId + "@" + (deviceTime == null ? "-" : deviceTime.toEpochMilli());
        }
    }

    final Platform platform;
    final Http http;
    final String admin;
    final Map<String, String> carTokens;
    final String buzzerToken;

    private SpeedAlertFixture(Platform platform, Http http, String admin, Map<String, String> carTokens, String buzzerToken) {
        this.platform = platform;
        this.http = http;
        this.admin = admin;
        this.carTokens = carTokens;
        this.buzzerToken = buzzerToken;
    }

    /** Registers the types, {@code car-1 … car-10} and {@code buzzer-1}, keeping their tokens in {@code dir}. */
    static SpeedAlertFixture register(Platform platform, Path dir) throws Exception {
        Http http = new Http(platform.gatewayUrl());
        String admin = http.login(Infrastructure.ADMIN_USER, platform.secrets().adminPassword());
        DeviceRegistration registration = new DeviceRegistration(platform.gatewayUrl(), () -> admin, System.out);
        List<String> cars = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            cars.add(DeviceType.VEHICLE_SPEED.deviceId(i));
        }
        Map<String, String> carTokens = registration.ensure(DeviceType.VEHICLE_SPEED, cars, Map.of("route", "A1"), 1, dir);
        String buzzer = registration.ensure(BUZZER, List.of("buzzer-1"), Map.of(), 0, dir).get("buzzer-1");
        return new SpeedAlertFixture(platform, http, admin, carTokens, buzzer);
    }

    /** Uploads speed-alert, deploys it, and waits until it runs, is bound and every instance is subscribed. */
    JsonNode deploy(int instances) throws Exception {
        Http.Answer uploaded = http.upload("/api/apps", "package", "speed-alert-1.0.0.zip", ExamplePackages.speedAlert(), admin);
        if (uploaded.status() != 201) {
            throw new AssertionError("the upload of speed-alert was refused: " + uploaded);
        }
        Http.Answer deployed = http.post("/api/apps/" + APP + "/deployments", Map.of("version", VERSION, "instances", instances), admin);
        if (deployed.status() != 201) {
            throw new AssertionError("the deployment of speed-alert was refused: " + deployed);
        }
        JsonNode running = new Deployments(http, admin, APP).awaitRunning(VERSION, instances, WAIT);
        Waits.until("speed-alert's bindings", WAIT, () -> {
            JsonNode b = http.get("/api/bindings/" + APP, admin).json();
            return b != null && "BOUND".equals(b.path("sensors").path("speed").path("status").asText())
                    && "BOUND".equals(b.path("controllers").path("buzzer").path("status").asText()) ? b : null;
        }, () -> String.valueOf(http.get("/api/bindings/" + APP, admin)));
        for (Map.Entry<String, Http> instance : instances(running).entrySet()) {
            Waits.until(instance.getKey() + " to subscribe", WAIT, () -> {
                JsonNode status = instance.getValue().get("/", null).json();
                return status != null && status.path("subscribed").asBoolean() ? status : null;
            }, () -> String.valueOf(instance.getValue().get("/", null)));
        }
        return running;
    }

    /** @return each healthy instance of the deployment by id, reached directly where the gateway reaches it */
    Map<String, Http> instances(JsonNode deployment) {
        return directly(http, admin, deployment);
    }

    /**
     * @param admin an admin's token, to ask node-manager where each instance is reachable (the inner
     *              end of its network namespace, reachable from this host only)
     * @return each healthy instance of the deployment by id
     */
    static Map<String, Http> directly(Http http, String admin, JsonNode deployment) {
        JsonNode placed = http.get("/api/instances?app=" + deployment.path("app").asText(), admin).json();
        Map<String, Http> out = new LinkedHashMap<>();
        for (JsonNode i : deployment.path("instances")) {
            if ("HEALTHY".equals(i.path("state").asText()) && "RUN".equals(i.path("desired").asText("RUN"))) {
                for (JsonNode p : placed) {
                    if (p.path("id").asText().equals(i.path("id").asText())) {
                        out.put(i.path("id").asText(), new Http(URI.create("http://" + p.path("address").asText() + ":"
                                + p.path("port").asInt())));
                    }
                }
            }
        }
        return out;
    }

    /** @return every delivery each instance lists at {@code /seen}, instance by instance */
    static List<Seen> seen(Map<String, Http> instances) {
        List<Seen> out = new ArrayList<>();
        instances.forEach((id, direct) -> {
            Http.Answer answer = direct.get("/seen", null);
            if (answer.status() != 200 || answer.json() == null) {
                throw new AssertionError(id + " did not list what it received: " + answer);
            }
            if (answer.json().path("readingsNotListed").asLong() != 0) {
                throw new AssertionError(id + " no longer lists every reading it received: " + answer.json().path("readingsNotListed"));
            }
            for (JsonNode r : answer.json().path("readings")) {
                String time = r.path("deviceTime").asText(null);
                out.add(new Seen(id, r.path("readingId").asText(), r.path("sensorId").asText(),
                        time == null || time.equals("null") ? null : Instant.parse(time)));
            }
        });
        return out;
    }

    /** @return the commands each instance lists at {@code /seen} */
    static List<JsonNode> commands(Map<String, Http> instances) {
        List<JsonNode> out = new ArrayList<>();
        instances.values().forEach(direct -> direct.get("/seen", null).json().path("commands").forEach(out::add));
        return out;
    }

    /** @return sensor-manager's pipeline counters, from the platform's health details */
    JsonNode pipeline() {
        JsonNode health = http.get("/health", admin).json();
        JsonNode pipeline = health == null ? null : health.findValue("sensor-pipeline");
        if (pipeline == null) {
            throw new AssertionError("no sensor-pipeline in the health details: " + health);
        }
        return pipeline.has("details") ? pipeline.path("details") : pipeline;
    }

    /** @return the readings of a device in the history received from {@code from} on, oldest first */
    List<JsonNode> history(String device, Instant from) {
        Http.Answer answer = http.get("/api/sensors/" + device + "/readings?from=" + from + "&limit=10000", admin);
        if (answer.status() != 200) {
            throw new AssertionError("the history of " + device + ": " + answer);
        }
        List<JsonNode> out = new ArrayList<>();
        answer.json().path("readings").forEach(out::add);
        return out;
    }

    /** @return the key of a reading as the history or an app has it */
    static String key(JsonNode reading) {
        String time = reading.path("deviceTime").asText(null);
        return Seen.key(reading.path("sensorId").asText(), time == null || time.equals("null") ? null : Instant.parse(time));
    }

    /** A device's MQTT connection, signed in with its id and token. */
    Mqtt5BlockingClient device(String id, String token) {
        URI url = URI.create(platform.endpoints().mqttUrl());
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(id)
                .serverHost(url.getHost()).serverPort(url.getPort())
                .automaticReconnectWithDefaultConfig()
                .buildBlocking();
        client.connectWith().cleanStart(true).simpleAuth().username(id).password(token.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().send();
        return client;
    }

    /** Publishes readings of car-1 over HTTP until one reaches an instance: the delivery path is in place. */
    void awaitDelivery(Map<String, Http> instances) {
        Instant marker = Instant.parse("2000-01-01T00:00:00Z");
        List<String> ids = new ArrayList<>();
        Waits.until("a first reading to reach speed-alert", WAIT, () -> {
            Http.Answer sent = http.send("POST", "/api/ingest/car-1", "{\"values\": {\"speedKmh\": 10}, \"time\": \""
                    + marker.plusMillis(ids.size()) + "\"}", carTokens.get("car-1"), Map.of());
            if (sent.status() != 202) {
                throw new AssertionError("a warm-up reading was refused: " + sent);
            }
            ids.add(sent.json().path("readingId").asText());
            return seen(instances).stream().anyMatch(s -> ids.contains(s.readingId())) ? Boolean.TRUE : null;
        }, () -> ids.size() + " warm-up readings sent");
    }
}
