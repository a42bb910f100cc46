package dev.plinth.sensormanager.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.contracts.state.Collections;
import dev.plinth.sensormanager.testing.SensorTestBase;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Accepted readings land in {@code readings}, are read back by time, and go after the retention. */
@MicronautTest(environments = {"plinth", "sensor-manager"}, transactional = false)
class HistoryTest extends SensorTestBase {

    private Registered meter;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("plinth.sensors.retention", "1h", "plinth.sensors.sweep-interval", "300ms");
    }

    @BeforeAll
    void setUp() {
        registerType("meter-" + s, "sensor", "\"kwh\": {\"type\": \"number\"}");
        meter = registerDevice(ada, "meter-" + s, "meter-" + s, "");
    }

    private String send(Registered device, double kwh) {
        return call(HttpRequest.POST("/api/ingest/" + device.id(), "{\"values\": {\"kwh\": " + kwh + "}}")
                .contentType(MediaType.APPLICATION_JSON_TYPE).bearerAuth(device.token())).expect(202).json().path("readingId").asText();
    }

    private long stored(String sensorId) {
        return db().getCollection(Collections.READINGS).countDocuments(new Document("sensorId", sensorId));
    }

    private static List<Double> kwh(JsonNode answer) {
        List<Double> out = new ArrayList<>();
        answer.path("readings").forEach(r -> out.add(r.path("values").path("kwh").asDouble()));
        return out;
    }

    @Test
    void readingsAreStoredAndReadBackOldestFirst() {
        Registered m = registerDevice(ada, "hist-" + s, "meter-" + s, "");
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            ids.add(send(m, i));
        }
        await("5 readings in the history", () -> stored(m.id()) == 5);

        Document doc = db().getCollection(Collections.READINGS).find(new Document("_id", ids.get(0))).first();
        assertEquals(m.id(), doc.getString("sensorId"));
        assertEquals("meter-" + s, doc.getString("type"));
        assertEquals(new Document("kwh", 1.0), doc.get("values"));
        assertTrue(doc.get("receivedAt") instanceof Date);

        assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0), kwh(get("/api/sensors/" + m.id() + "/readings", ada).expect(200).json()));
        assertEquals(List.of(4.0, 5.0), kwh(get("/api/sensors/" + m.id() + "/readings?limit=2", ada).json()), "the newest, oldest first");
        String from = Instant.now().minus(Duration.ofMinutes(5)).toString();
        assertEquals(List.of(1.0, 2.0), kwh(get("/api/sensors/" + m.id() + "/readings?limit=2&from=" + from, ada).json()),
                "from a time on, the first");
        assertEquals(List.of(), kwh(get("/api/sensors/" + m.id() + "/readings?to=" + from, ada).json()));

        Reply bad = get("/api/sensors/" + m.id() + "/readings?limit=0&from=yesterday", ada).expect(400);
        assertEquals(2, bad.problems().size(), bad.body());
        get("/api/sensors/" + m.id() + "/readings", bob).expect(404);
        assertEquals(5, kwh(get("/api/sensors/" + m.id() + "/readings", admin).json()).size());
    }

    @Test
    void theLatestReadingIsTheNewest() {
        Registered m = registerDevice(ada, "latest-" + s, "meter-" + s, "");
        get("/api/sensors/" + m.id() + "/latest", ada).expect(404);

        send(m, 10);
        String last = send(m, 11);

        await("the latest reading", () -> get("/api/sensors/" + m.id() + "/latest", ada).status() == 200
                && last.equals(get("/api/sensors/" + m.id() + "/latest", ada).json().path("readingId").asText()));
        JsonNode latest = get("/api/sensors/" + m.id() + "/latest", ada).json();
        assertEquals(m.id(), latest.path("sensorId").asText());
        assertEquals(11.0, latest.path("values").path("kwh").asDouble());
        assertTrue(latest.path("deviceTime").isNull() || latest.path("deviceTime").isMissingNode(), latest.toString());
        assertTrue(Instant.parse(latest.path("receivedAt").asText()).isAfter(Instant.now().minusSeconds(60)));
    }

    @Test
    void readingsOlderThanTheRetentionGo() {
        Instant now = Instant.now();
        db().getCollection(Collections.READINGS).insertOne(new Document("_id", "old-" + s).append("sensorId", meter.id())
                .append("type", "meter-" + s).append("values", new Document("kwh", 1.0))
                .append("receivedAt", Date.from(now.minus(Duration.ofMinutes(61)))));
        db().getCollection(Collections.READINGS).insertOne(new Document("_id", "recent-" + s).append("sensorId", meter.id())
                .append("type", "meter-" + s).append("values", new Document("kwh", 2.0))
                .append("receivedAt", Date.from(now.minus(Duration.ofMinutes(59)))));

        await("the sweep of the old reading", () -> db().getCollection(Collections.READINGS).countDocuments(new Document("_id", "old-" + s)) == 0);
        assertEquals(1, db().getCollection(Collections.READINGS).countDocuments(new Document("_id", "recent-" + s)));
    }
}
