package dev.plinth.sdk;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The protocol's payloads, read and written. */
class JsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void latestMayBeAnObjectByIdOrAListOfReadings() throws Exception {
        String reading = "{\"readingId\":\"r\",\"sensorId\":\"car-1\",\"type\":\"vehicle-speed\",\"values\":{\"speedKmh\":1},"
                + "\"receivedAt\":\"2026-11-22T12:00:00Z\"}";
        Map<String, Reading> fromList = Json.latest(MAPPER.readTree("[" + reading + "]"));
        Map<String, Reading> fromWrapped = Json.latest(MAPPER.readTree("{\"readings\":[" + reading + "]}"));
        Map<String, Reading> fromObject = Json.latest(MAPPER.readTree("{\"car-1\":" + reading + ",\"car-2\":null}"));
        assertEquals(fromList, fromWrapped);
        assertEquals(fromList, fromObject);
        assertEquals(List.of("car-1"), List.copyOf(fromObject.keySet()));
    }

    @Test
    void numericTimesAreSecondsSinceTheEpoch() throws Exception {
        Reading r = Json.reading(MAPPER.readTree("{\"sensorId\":\"car-1\",\"values\":{},\"receivedAt\":1795348800.25}"));
        assertEquals(Instant.parse("2026-11-22T12:00:00.250Z"), r.receivedAt());
    }

    @Test
    void aReadingWithoutSensorIsRefused() throws Exception {
        PlinthException e = assertThrows(PlinthException.class, () -> Json.reading(MAPPER.readTree("{\"values\":{}}")));
        assertTrue(e.getMessage().startsWith("not a reading"), e.getMessage());
    }

    @Test
    void aMissingNumberNamesTheFields() throws Exception {
        Reading r = Json.reading(MAPPER.readTree("{\"readingId\":\"r\",\"sensorId\":\"car-1\",\"values\":{\"speed\":\"fast\"}}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.number("speedKmh"));
        assertEquals("reading r of car-1 has no number speedKmh; its fields are [speed]", e.getMessage());
    }

    @Test
    void commandsCarryTheDeviceOnlyWhenGiven() throws Exception {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("action", "beep");
        payload.put("speedKmh", 97.5);
        assertEquals(MAPPER.readTree("{\"payload\":{\"action\":\"beep\",\"speedKmh\":97.5}}"),
                MAPPER.readTree(Json.command(null, payload)));
        assertEquals(MAPPER.readTree("{\"device\":\"buzzer-1\",\"payload\":\"beep\"}"),
                MAPPER.readTree(Json.command("buzzer-1", "beep")));
    }

    @Test
    void aRejectionThatIsNotJsonIsKeptAsItsReason() {
        Rejection r = Json.rejection("not bound".getBytes(StandardCharsets.UTF_8));
        assertEquals("not bound", r.reason());
        assertNull(r.device());
        assertNull(r.command());
    }
}
