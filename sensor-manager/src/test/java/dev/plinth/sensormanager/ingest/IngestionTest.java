package dev.plinth.sensormanager.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.plinth.contracts.events.Alert;
import dev.plinth.contracts.events.SensorReading;
import dev.plinth.contracts.events.Topics;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.DeviceDocument;
import dev.plinth.contracts.state.MqttTopics;
import dev.plinth.sensormanager.testing.SensorTestBase;
import dev.plinth.sensormanager.testing.TestServers;
import dev.plinth.testkit.kafka.TopicTap.From;
import dev.plinth.testkit.kafka.TopicTap;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Readings in over HTTP and MQTT: accepted ones reach Kafka keyed by sensor, refused ones are
 * counted, and a device past the refusal threshold raises one alert.
 */
@MicronautTest(environments = {"plinth", "sensor-manager"}, transactional = false)
class IngestionTest extends SensorTestBase {

    private static final int THRESHOLD = 5;

    @Inject
    JsonMapper json;

    private TopicTap<ConsumerRecord<String, byte[]>> readings;
    private TopicTap<ConsumerRecord<String, byte[]>> alerts;
    private Registered thermo;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("plinth.sensors.rejection-threshold", String.valueOf(THRESHOLD), "plinth.sensors.rejection-window", "5m");
    }

    @BeforeAll
    void setUp() {
        readings = TopicTap.records(TestServers.get().kafkaBootstrap(), Topics.SENSOR_READINGS, From.NOW);
        alerts = TopicTap.records(TestServers.get().kafkaBootstrap(), Topics.ALERTS, From.NOW);
        registerType("thermometer-" + s, "sensor", "\"celsius\": {\"type\": \"number\", \"unit\": \"°C\"}, \"ok\": {\"type\": \"boolean\"}");
        thermo = registerDevice(ada, "thermo-" + s, "thermometer-" + s, "\"room\": \"lab\"");
    }

    @AfterAll
    void closeTaps() {
        readings.close();
        alerts.close();
    }

    private Reply ingest(String id, String token, String body) {
        var request = HttpRequest.POST("/api/ingest/" + id, body).contentType(MediaType.APPLICATION_JSON_TYPE);
        return call(token == null ? request : request.bearerAuth(token));
    }

    private Document device(String id) {
        return db().getCollection(Collections.DEVICES).find(new Document(DeviceDocument.ID, id)).first();
    }

    private static long count(Document doc, String field) {
        Number n = doc.get(field, Number.class);
        return n == null ? 0 : n.longValue();
    }

    @Test
    void anHttpReadingGoesToKafkaKeyedBySensor() throws IOException {
        Reply reply = ingest(thermo.id(), thermo.token(), "{\"values\": {\"celsius\": 21.5, \"ok\": true}, \"time\": \"2026-11-22T12:00:00Z\"}")
                .expect(202);
        String readingId = reply.json().path("readingId").asText();

        await("the reading on sensor.readings", () -> readings.matching(r -> thermo.id().equals(r.key())
                && new String(r.value(), StandardCharsets.UTF_8).contains(readingId)).size() == 1);
        ConsumerRecord<String, byte[]> record = readings.matching(r -> new String(r.value(), StandardCharsets.UTF_8).contains(readingId)).get(0);
        SensorReading reading = json.readValue(record.value(), SensorReading.class);
        assertEquals(readingId, reading.readingId());
        assertEquals(thermo.id(), reading.sensorId());
        assertEquals("thermometer-" + s, reading.type());
        assertEquals(21.5, ((Number) reading.values().get("celsius")).doubleValue());
        assertEquals(true, reading.values().get("ok"));
        assertEquals(Instant.parse("2026-11-22T12:00:00Z"), reading.deviceTime());
        assertTrue(reading.receivedAt().isAfter(Instant.now().minusSeconds(60)));

        await("the device's last reading", () -> readingId.equals(device(thermo.id()).getString(DeviceDocument.LAST_READING_ID)));
        Document doc = device(thermo.id());
        assertEquals(new Document("celsius", 21.5).append("ok", true), doc.get(DeviceDocument.LAST_VALUES));
        assertNotNull(doc.getDate(DeviceDocument.LAST_SEEN_AT));
        assertTrue(count(doc, "accepted") >= 1);
    }

    @Test
    void httpRefusesUnknownDevicesWrongTokensAndBadReadings() {
        String good = "{\"values\": {\"celsius\": 1, \"ok\": false}}";
        Registered other = registerDevice(ada, "refused-" + s, "thermometer-" + s, "");

        assertEquals(401, ingest(other.id(), null, good).status());
        assertEquals(401, ingest(other.id(), thermo.token(), good).status(), "another device's token");
        assertEquals(401, ingest("nobody-" + s, thermo.token(), good).status());
        Reply invalid = ingest(other.id(), other.token(), "{\"values\": {\"celsius\": \"warm\", \"ok\": false}}").expect(422);
        assertTrue(invalid.json().path("message").asText().contains("celsius must be a number"), invalid.body());
        ingest(other.id(), other.token(), "{\"values\": {\"celsius\": 3}}").expect(422);
        ingest(other.id(), other.token(), "{\"values\": {\"celsius\": 3, \"ok\": true, \"humidity\": 40}}").expect(422);
        ingest(other.id(), other.token(), good).expect(202);

        await("the refusals counted on the device", () -> count(device(other.id()), DeviceDocument.REJECTED) == 4
                && count(device(other.id()), DeviceDocument.ACCEPTED) == 1);
    }

    @Test
    void mqttReadingsAreCheckedLikeHttpOnes() {
        Registered car = registerDevice(ada, "mqtt-" + s, "thermometer-" + s, "");
        Mqtt5BlockingClient device = mqttClient(car.id());
        String topic = MqttTopics.deviceTelemetry(car.id());
        // Until sensor-manager's subscription is in place, readings have no taker: send until one arrives.
        await("the first MQTT reading on Kafka", () -> {
            device.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"values\": {\"celsius\": 0, \"ok\": true}}".getBytes(StandardCharsets.UTF_8)).send();
            return !readings.matching(keyed(car.id())).isEmpty();
        });

        for (int i = 1; i <= 20; i++) {
            device.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(("{\"values\": {\"celsius\": " + (1000 + i) + ", \"ok\": true}}").getBytes(StandardCharsets.UTF_8)).send();
        }
        device.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload("{\"values\": {\"celsius\": 1}}".getBytes(StandardCharsets.UTF_8)).send();
        device.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload("not json".getBytes(StandardCharsets.UTF_8)).send();

        await("the 20 readings on Kafka", () -> marked(car.id()) == 20);
        await("the 2 refusals counted on the device", () -> count(device(car.id()), DeviceDocument.REJECTED) == 2);
        await("every accepted reading counted on the device",
                () -> count(device(car.id()), DeviceDocument.ACCEPTED) == readings.matching(keyed(car.id())).size());
        assertEquals(20, marked(car.id()), "each reading once");
        assertEquals(1020.0, ((Number) device(car.id()).get(DeviceDocument.LAST_VALUES, Document.class).get("celsius")).doubleValue());
    }

    /** @return the device's readings on Kafka with a celsius of 1001 to 1020 */
    private long marked(String id) {
        return readings.matching(keyed(id)).stream().map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .filter(v -> v.matches(".*\"celsius\":10(0[1-9]|1[0-9]|20)\\b.*")).count();
    }

    @Test
    void anUnknownDevicePastTheThresholdRaisesOneAlert() throws IOException {
        String ghost = "ghost-" + s;
        String quiet = "quiet-" + s;
        for (int i = 0; i < THRESHOLD - 1; i++) {
            ingest(quiet, "whatever", "{}").expect(401);
        }
        for (int i = 0; i < THRESHOLD + 3; i++) {
            ingest(ghost, "whatever", "{}").expect(401);
        }

        await("the alert about " + ghost, () -> !alerts.matching(keyed("device/" + ghost)).isEmpty());
        Alert alert = json.readValue(alerts.matching(keyed("device/" + ghost)).get(0).value(), Alert.class);
        assertEquals(Alert.Kind.UNREGISTERED_DEVICE, alert.kind());
        assertEquals(Alert.Severity.WARNING, alert.severity());
        assertNull(alert.app());
        assertTrue(alert.message().contains(ghost), alert.message());

        // A registered device's alert goes the same way; let both settle before counting.
        Registered noisy = registerDevice(ada, "noisy-" + s, "thermometer-" + s, "");
        for (int i = 0; i < THRESHOLD; i++) {
            ingest(noisy.id(), noisy.token(), "{\"values\": {}}").expect(422);
        }
        await("the alert about " + noisy.id(), () -> !alerts.matching(keyed("device/" + noisy.id())).isEmpty());
        assertEquals(1, alerts.matching(keyed("device/" + ghost)).size(), "one alert per device and window");
        assertEquals(List.of(), alerts.matching(keyed("device/" + quiet)), "below the threshold: no alert");
    }

    @Test
    void theHealthDetailsCountTheReadings() {
        ingest(thermo.id(), thermo.token(), "{\"values\": {\"celsius\": 5, \"ok\": true}}").expect(202);
        ingest(thermo.id(), thermo.token(), "{\"values\": {}}").expect(422);

        JsonNode details = get("/health", admin).expect(200).json().path("details").path("sensor-pipeline").path("details");
        assertTrue(details.path("readingsAccepted").asLong() >= 1, details.toString());
        assertTrue(details.path("readingsRejected").asLong() >= 1, details.toString());
        assertTrue(details.has("readingsDelivered"), details.toString());
    }

    private static Predicate<ConsumerRecord<String, byte[]>> keyed(String key) {
        return r -> key.equals(r.key());
    }
}
