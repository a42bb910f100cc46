package dev.plinth.monitor.detect;

import dev.plinth.monitor.detect.SensorSilenceRule.Sensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SensorSilenceRuleTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final Duration MIN = Duration.ofSeconds(10);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # case                                        | period s | seen ms ago | silent
            fast sensor within the minimum                | 1        | 9000        | false
            fast sensor at exactly the minimum            | 1        | 10000       | false
            fast sensor past the minimum                  | 1        | 10001       | true
            slow sensor within three periods              | 10       | 29000       | false
            slow sensor at exactly three periods          | 10       | 30000       | false
            slow sensor past three periods                | 10       | 30001       | true
            very slow sensor past the minimum only        | 60       | 120000      | false
            never seen is not silent                      | 1        | -           | false
            no expected period is never silent            | 0        | 999999      | false
            """)
    void judgesSilence(String name, long period, Long seenAgo, boolean silent) {
        Sensor sensor = new Sensor("s", period, seenAgo == null ? null : NOW.minusMillis(seenAgo));
        assertEquals(silent, SensorSilenceRule.silent(sensor, NOW, 3, MIN), name);
    }

    @Test
    void raisesNewSilencesAndResolvesRecoveriesAndRemovedDevices() {
        Map<String, Sensor> sensors = Map.of(
                "quiet-new", new Sensor("quiet-new", 1, NOW.minusSeconds(60)),
                "quiet-known", new Sensor("quiet-known", 1, NOW.minusSeconds(60)),
                "back", new Sensor("back", 1, NOW.minusSeconds(1)),
                "fine", new Sensor("fine", 1, NOW.minusSeconds(1)));
        SensorSilenceRule.Changes changes = SensorSilenceRule.judge(sensors, Set.of("quiet-known", "back", "removed"), NOW, 3, MIN);
        assertEquals(Set.of("quiet-new"), changes.raise());
        assertEquals(Set.of("back", "removed"), changes.resolve());
    }
}
