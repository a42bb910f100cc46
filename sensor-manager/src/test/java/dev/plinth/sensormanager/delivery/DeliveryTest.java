package dev.plinth.sensormanager.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.MqttTopics;
import dev.plinth.sensormanager.SensorMetrics;
import dev.plinth.sensormanager.testing.SensorTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Readings delivered to bound apps over MQTT: with a shared subscription each reading reaches exactly
 * one of the app's instances; with plain subscriptions every instance gets every reading. Counted at
 * both ends.
 */
@MicronautTest(environments = {"plinth", "sensor-manager"}, transactional = false)
class DeliveryTest extends SensorTestBase {

    private static final int READINGS = 300;

    @Inject
    SensorMetrics metrics;

    private String type;

    @BeforeAll
    void types() {
        type = "flow-" + s;
        registerType(type, "sensor", "\"litres\": {\"type\": \"integer\"}, \"run\": {\"type\": \"string\"}");
    }

    /** An app instance's subscription: counts each reading of a run by id. */
    private final class Instance {
        final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        final Map<String, JsonNode> messages = new ConcurrentHashMap<>();

        Instance(String clientId, String filter) {
            Mqtt5BlockingClient client = mqttClient(clientId);
            client.toAsync().subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).callback(publish -> {
                try {
                    JsonNode reading = JSON.readTree(publish.getPayloadAsBytes());
                    String id = reading.path("readingId").asText();
                    seen.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                    messages.put(id, reading);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).send().join();
        }

        long total() {
            return seen.values().stream().mapToLong(AtomicInteger::get).sum();
        }

        long ofRun(String run) {
            return messages.values().stream().filter(m -> run.equals(m.path("values").path("run").asText())).count();
        }

        int copiesOfRun(String run) {
            return messages.entrySet().stream().filter(e -> run.equals(e.getValue().path("values").path("run").asText()))
                    .mapToInt(e -> seen.get(e.getKey()).get()).sum();
        }
    }

    private void bound(String app, String deployment, String sensorId, String delivery) {
        deploy(app, "ada", deployment, "1.0.0", List.of(sensorRequirement("flow", type, 1, Map.of("meter", sensorId), delivery)), List.of());
        await("the binding of " + app, () -> {
            Document b = db().getCollection(Collections.BINDINGS).find(new Document("_id", deployment + "/sensor/flow")).first();
            return b != null && List.of(sensorId).equals(b.get("devices"));
        });
    }

    /** Sends readings of a run from the device until one reaches the instances, then the run's readings. */
    private void run(Mqtt5BlockingClient device, String sensorId, String warmUp, List<Instance> instances, String run) {
        String topic = MqttTopics.deviceTelemetry(sensorId);
        await("the first delivery", () -> {
            send(device, topic, warmUp, 0);
            return instances.stream().anyMatch(i -> i.ofRun(warmUp) > 0);
        });
        for (int i = 1; i <= READINGS; i++) {
            send(device, topic, run, i);
        }
    }

    private static void send(Mqtt5BlockingClient device, String topic, String run, int litres) {
        device.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(("{\"values\": {\"litres\": " + litres + ", \"run\": \"" + run + "\"}}").getBytes(StandardCharsets.UTF_8)).send();
    }

    @Test
    void aSharedSubscriptionGivesEachReadingToExactlyOneInstance() {
        String app = "shared-" + s;
        String meter = registerDevice(ada, "meter-sh-" + s, type, "\"meter\": \"meter-sh-" + s + "\"").id();
        bound(app, app + "-d1", meter, "shared");
        String filter = MqttTopics.shared(app, MqttTopics.appSensor(app, "flow"));
        Instance one = new Instance("app:" + app + ":i1", filter);
        Instance two = new Instance("app:" + app + ":i2", filter);
        Mqtt5BlockingClient device = mqttClient(meter);

        long deliveredBefore = metrics.deliveredCount();
        run(device, meter, "warm-" + s, List.of(one, two), "run-" + s);

        await(READINGS + " readings at the instances", () -> one.ofRun("run-" + s) + two.ofRun("run-" + s) >= READINGS);
        assertEquals(READINGS, one.ofRun("run-" + s) + two.ofRun("run-" + s), "each reading reached one instance");
        assertEquals(READINGS, one.copiesOfRun("run-" + s) + two.copiesOfRun("run-" + s), "and only once");
        assertTrue(one.ofRun("run-" + s) > 0 && two.ofRun("run-" + s) > 0,
                "both instances took a share: " + one.ofRun("run-" + s) + " and " + two.ofRun("run-" + s));
        // Warm-up readings went before the run's (one sensor, one partition): everything has arrived.
        await("sensor-manager's count to match the instances'", () -> metrics.deliveredCount() - deliveredBefore == one.total() + two.total());

        JsonNode message = one.messages.values().stream().filter(m -> m.path("values").path("run").asText().equals("run-" + s))
                .findFirst().orElseThrow();
        assertEquals(meter, message.path("sensorId").asText());
        assertEquals(type, message.path("type").asText());
        assertTrue(message.has("readingId") && message.has("receivedAt") && message.has("deviceTime"), message.toString());
    }

    @Test
    void plainSubscriptionsGiveEveryReadingToEveryInstance() {
        String app = "broadcast-" + s;
        String meter = registerDevice(ada, "meter-bc-" + s, type, "\"meter\": \"meter-bc-" + s + "\"").id();
        bound(app, app + "-d1", meter, "broadcast");
        String filter = MqttTopics.appSensor(app, "flow");
        Instance one = new Instance("app:" + app + ":i1", filter);
        Instance two = new Instance("app:" + app + ":i2", filter);
        Mqtt5BlockingClient device = mqttClient(meter);

        // Both instances are subscribed before the warm-up reading reaches either, so each sees the whole run.
        run(device, meter, "warm-" + s, List.of(one, two), "run-" + s);

        await("every reading at both instances", () -> one.ofRun("run-" + s) >= READINGS && two.ofRun("run-" + s) >= READINGS);
        assertEquals(READINGS, one.copiesOfRun("run-" + s));
        assertEquals(READINGS, two.copiesOfRun("run-" + s));
    }
}
