package dev.plinth.sensormanager.ingest;

import dev.plinth.contracts.events.SensorReading;
import dev.plinth.sensormanager.registry.DeviceKind;
import dev.plinth.sensormanager.registry.DeviceType;
import dev.plinth.sensormanager.registry.FieldSpec;
import dev.plinth.sensormanager.registry.FieldType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Readings checked against a type, table by table. */
class ReadingCheckerTest {

    private static final DeviceType SPEED = new DeviceType("vehicle-speed", DeviceKind.SENSOR, fields(), "", "root", null);
    private static final ReadingChecker CHECKER = ReadingChecker.of(SPEED);

    private static Map<String, FieldSpec> fields() {
        Map<String, FieldSpec> f = new LinkedHashMap<>();
        f.put("speedKmh", new FieldSpec(FieldType.NUMBER, "km/h"));
        f.put("lane", new FieldSpec(FieldType.INTEGER, null));
        f.put("plate", new FieldSpec(FieldType.STRING, null));
        f.put("braking", new FieldSpec(FieldType.BOOLEAN, null));
        return f;
    }

    private static CheckedReading check(String json) {
        return CHECKER.check(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "every field of its type                 | {'values': {'speedKmh': 87.5, 'lane': 2, 'plate': 'AB-12', 'braking': false}}",
            "any order, with a device time           | {'time': '2026-11-22T12:00:00Z', 'values': {'braking': true, 'plate': '', 'lane': -1, 'speedKmh': 0}}",
            "a time with an offset                   | {'values': {'speedKmh': 1e2, 'lane': 3, 'plate': 'x', 'braking': true}, 'time': '2026-11-22T13:00:00+01:00'}",
            "a null time                             | {'values': {'speedKmh': 1, 'lane': 3.0, 'plate': 'x', 'braking': true}, 'time': null}",
    })
    void accepts(String why, String json) {
        CheckedReading checked = check(json);
        assertNull(checked.problem(), why);
        assertEquals(4, checked.values().size(), why);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a missing field          | {'values': {'speedKmh': 87.5, 'lane': 2, 'plate': 'AB'}}                                       | missing field braking",
            "an unknown field         | {'values': {'speedKmh': 1, 'lane': 2, 'plate': 'a', 'braking': true, 'rpm': 3}}              | unknown field 'rpm'",
            "a string for a number    | {'values': {'speedKmh': '87', 'lane': 2, 'plate': 'a', 'braking': true}}                     | speedKmh must be a number, not a string",
            "a fraction for integer   | {'values': {'speedKmh': 1, 'lane': 2.5, 'plate': 'a', 'braking': true}}                      | lane must be an integer",
            "a number for a boolean   | {'values': {'speedKmh': 1, 'lane': 2, 'plate': 'a', 'braking': 1}}                           | braking must be true or false",
            "a number for a string    | {'values': {'speedKmh': 1, 'lane': 2, 'plate': 7, 'braking': true}}                          | plate must be a string",
            "null for a field         | {'values': {'speedKmh': null, 'lane': 2, 'plate': 'a', 'braking': true}}                     | speedKmh must be a number, not null",
            "an object for a field    | {'values': {'speedKmh': {'v': 1}, 'lane': 2, 'plate': 'a', 'braking': true}}                 | speedKmh must be a number, not an object",
            "a field twice            | {'values': {'speedKmh': 1, 'speedKmh': 2, 'lane': 2, 'plate': 'a', 'braking': true}}         | field speedKmh is given twice",
            "no values                | {'time': '2026-11-22T12:00:00Z'}                                                             | values is required",
            "values not an object     | {'values': [1, 2]}                                                                           | values must be an object",
            "an unknown member        | {'values': {'speedKmh': 1, 'lane': 2, 'plate': 'a', 'braking': true}, 'sensorId': 'x'}       | unknown member 'sensorId'",
            "a bad time               | {'values': {'speedKmh': 1, 'lane': 2, 'plate': 'a', 'braking': true}, 'time': 'yesterday'}   | time must be an ISO-8601 instant",
            "a number as time         | {'values': {'speedKmh': 1, 'lane': 2, 'plate': 'a', 'braking': true}, 'time': 12}            | time must be an ISO-8601 instant in a string",
            "not an object            | [1, 2, 3]                                                                                    | a reading is a JSON object",
            "not JSON                 | values: 1                                                                                    | not valid JSON",
            "two objects              | {'values': {'speedKmh': 1, 'lane': 2, 'plate': 'a', 'braking': true}} {}                     | nothing may follow",
            "a truncated object       | {'values': {'speedKmh': 1                                                                    | not valid JSON",
    })
    void refuses(String why, String json, String problem) {
        CheckedReading checked = check(json);
        assertTrue(checked.problem() != null && checked.problem().contains(problem),
                why + ": expected a problem containing '" + problem + "', got: " + checked.problem());
        assertNull(checked.values(), why);
    }

    @Test
    void keepsTheValuesAndTimeAsSent() {
        CheckedReading checked = check("{'values': {'speedKmh': 87.5, 'lane': 2, 'plate': 'AB-12', 'braking': false}, 'time': '2026-11-22T12:00:00Z'}");

        assertEquals(Map.of("speedKmh", 87.5, "lane", 2L, "plate", "AB-12", "braking", false), checked.values());
        assertEquals(Instant.parse("2026-11-22T12:00:00Z"), checked.deviceTime());
    }

    @Test
    void aReadingRoundTripsThroughItsJson() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("speedKmh", 87.5);
        values.put("lane", 2L);
        values.put("plate", "A\"B");
        values.put("braking", true);
        SensorReading reading = new SensorReading("r-1", "car-7", "vehicle-speed", values, null, Instant.parse("2026-11-22T12:00:00.123Z"));

        byte[] json = ReadingJson.write(reading);

        assertEquals("{\"readingId\":\"r-1\",\"sensorId\":\"car-7\",\"type\":\"vehicle-speed\",\"values\":{\"speedKmh\":87.5,\"lane\":2,"
                + "\"plate\":\"A\\\"B\",\"braking\":true},\"deviceTime\":null,\"receivedAt\":\"2026-11-22T12:00:00.123Z\"}",
                new String(json, StandardCharsets.UTF_8));
        assertEquals(reading, ReadingJson.read(json));
    }
}
