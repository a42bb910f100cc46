package dev.plinth.examples.speedalert;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SpeedWatchTest {

    /** Speeds of one sensor in order, and the positions of the readings that raise an alert. */
    @ParameterizedTest(name = "{0} → alerts at {1}")
    @CsvSource(delimiter = ';', value = {
            "80 85 89.9        ; ''",         // never above
            "90 90 90          ; ''",         // at the threshold is not above it
            "80 90.1           ; 1",          // just above
            "95 96 120 91      ; 0",          // one excursion, one alert
            "95 80 95          ; 0 2",        // dropped well below: armed again
            "95 86 95          ; 0",          // 86 is within the re-arm margin: still the same excursion
            "95 85 95          ; 0 2",        // 85 is exactly the margin below: armed again
            "0 50 91 60 0 92   ; 2 5",        // a car that stops and starts again
    })
    void alertsOncePerExcursionAboveTheThreshold(String speeds, String expectedAlerts) {
        SpeedWatch watch = new SpeedWatch(90);
        List<Integer> alerts = new ArrayList<>();
        String[] values = speeds.trim().split("\\s+");
        for (int i = 0; i < values.length; i++) {
            if (watch.observe("car-1", Double.parseDouble(values[i])).isPresent()) {
                alerts.add(i);
            }
        }
        List<Integer> expected = expectedAlerts.isBlank() ? List.of()
                : java.util.Arrays.stream(expectedAlerts.trim().split("\\s+")).map(Integer::valueOf).toList();
        assertEquals(expected, alerts);
        assertEquals(values.length, watch.readingsSeen());
        assertEquals(expected.size(), watch.alertsRaised());
    }

    @Test
    void eachSensorHasItsOwnExcursion() {
        SpeedWatch watch = new SpeedWatch(90);
        assertEquals(true, watch.observe("car-1", 100).isPresent());
        assertEquals(true, watch.observe("car-2", 100).isPresent(), "car-1 alerting does not silence car-2");
        assertEquals(false, watch.observe("car-1", 101).isPresent());
        assertEquals(2, watch.alertsRaised());
    }

    @Test
    void theAlertCarriesTheCommandAndTheLogLine() {
        SpeedWatch.Alert alert = new SpeedWatch(90).observe("car-3", 97.44).orElseThrow();
        assertEquals(Map.of("action", "beep", "sensor", "car-3", "speedKmh", 97.44), alert.command());
        assertEquals("ALERT car-3 at 97.4 km/h (threshold 90 km/h)", alert.logLine());
    }

    @Test
    void aThresholdMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new SpeedWatch(0));
        assertThrows(IllegalArgumentException.class, () -> new SpeedWatch(Double.NaN));
    }
}
