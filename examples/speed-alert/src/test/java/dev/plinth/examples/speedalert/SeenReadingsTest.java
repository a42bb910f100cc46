package dev.plinth.examples.speedalert;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SeenReadingsTest {

    private static final Instant T = Instant.parse("2026-11-22T12:00:00Z");

    @Test
    void countsEveryDeliveryAndEachReadingIdOnce() {
        SeenReadings seen = new SeenReadings();
        seen.reading("a", "car-1", T);
        seen.reading("b", "car-2", null);
        seen.reading("a", "car-1", T);
        assertEquals(3, seen.readingsReceived());
        assertEquals(2, seen.uniqueReadingIds());
        Map<String, Object> snapshot = seen.snapshot();
        List<?> readings = (List<?>) snapshot.get("readings");
        assertEquals(3, readings.size(), "a repeated delivery is listed again");
        assertEquals(Map.of("readingId", "a", "sensorId", "car-1", "deviceTime", "2026-11-22T12:00:00Z"), readings.get(0));
        assertEquals(null, ((Map<?, ?>) readings.get(1)).get("deviceTime"));
        assertEquals(0L, snapshot.get("readingsNotListed"));
    }

    @Test
    void keepsOnlyTheMostRecentReadingsButCountsThemAll() {
        SeenReadings seen = new SeenReadings(3, 10);
        for (int i = 1; i <= 5; i++) {
            seen.reading("r" + i, "car-1", null);
        }
        Map<String, Object> snapshot = seen.snapshot();
        assertEquals(5L, snapshot.get("readingsReceived"));
        assertEquals(5L, snapshot.get("uniqueReadingIds"));
        assertEquals(2L, snapshot.get("readingsNotListed"));
        assertEquals(List.of("r3", "r4", "r5"), ((List<?>) snapshot.get("readings")).stream()
                .map(r -> ((Map<?, ?>) r).get("readingId")).toList());
        seen.reading("r1", "car-1", null);
        assertEquals(6, seen.uniqueReadingIds(), "an id that left the window counts as new");
        seen.reading("r5", "car-1", null);
        assertEquals(6, seen.uniqueReadingIds(), "an id still kept is a repeat");
    }

    @Test
    void commandsShowWhatBecameOfThem() {
        SeenReadings seen = new SeenReadings(10, 2);
        SeenReadings.Command first = seen.commandSending("car-1", 95, T);
        SeenReadings.Command second = seen.commandSending("car-2", 96, T);
        SeenReadings.Command third = seen.commandSending("car-3", 97, T);
        seen.commandDone(second, null);
        seen.commandDone(third, "broker gone");
        seen.commandDone(first, null);
        Map<String, Object> snapshot = seen.snapshot();
        assertEquals(2L, snapshot.get("commandsSent"));
        assertEquals(1L, snapshot.get("commandsFailed"));
        List<?> commands = (List<?>) snapshot.get("commands");
        assertEquals(2, commands.size(), "only the most recent are kept");
        assertEquals("car-2", ((Map<?, ?>) commands.get(0)).get("sensor"));
        assertEquals("sent", ((Map<?, ?>) commands.get(0)).get("outcome"));
        assertEquals("failed: broker gone", ((Map<?, ?>) commands.get(1)).get("outcome"));
        assertEquals(2, seen.commandsSent());
    }

    @Test
    void keepsAtLeastOne() {
        assertThrows(IllegalArgumentException.class, () -> new SeenReadings(0, 1));
    }
}
