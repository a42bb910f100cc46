package dev.plinth.agent.health;

import dev.plinth.contracts.events.InstanceState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HealthTrackerTest {

    private static final Instant LAUNCH = Instant.parse("2025-01-01T00:00:00Z");

    /**
     * Each probe is "second:ok" or "second:fail"; each expected line is "second STATE" for a change, and
     * the next probe delay when it is not the usual one.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judgesProbeSequences(String name, int startupSeconds, int threshold, List<String> probes, List<String> expected) {
        HealthTracker tracker = new HealthTracker("/health", LAUNCH, startupSeconds, 5, threshold);
        List<String> changes = new ArrayList<>();
        for (String probe : probes) {
            String[] parts = probe.split(":");
            int second = Integer.parseInt(parts[0]);
            HealthVerdict verdict = tracker.onProbe(LAUNCH.plusSeconds(second), parts[1].equals("ok"), "HTTP 500");
            if (verdict.change() != null) {
                changes.add(second + " " + verdict.change() + (verdict.message() == null ? "" : " " + verdict.message()));
            }
        }
        assertEquals(expected, changes);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("healthy at the first 2xx", 10, 3,
                        List.of("1:fail", "2:fail", "3:ok", "8:ok"),
                        List.of("3 HEALTHY")),
                Arguments.of("no 2xx within the startup window", 3, 3,
                        List.of("1:fail", "2:fail", "3:fail", "8:fail"),
                        List.of("3 UNHEALTHY did not answer /health with 2xx within 3 s (last probe: HTTP 500)")),
                Arguments.of("a late starter becomes healthy after all", 2, 3,
                        List.of("1:fail", "2:fail", "7:ok"),
                        List.of("2 UNHEALTHY did not answer /health with 2xx within 2 s (last probe: HTTP 500)", "7 HEALTHY")),
                Arguments.of("failures below the threshold change nothing", 10, 3,
                        List.of("1:ok", "6:fail", "11:fail", "16:ok", "21:fail", "26:fail"),
                        List.of("1 HEALTHY")),
                Arguments.of("threshold failures in a row make it unhealthy, a success heals it", 10, 3,
                        List.of("1:ok", "6:fail", "11:fail", "16:fail", "21:fail", "26:ok"),
                        List.of("1 HEALTHY", "16 UNHEALTHY failed 3 health checks of /health in a row (last: HTTP 500)", "26 HEALTHY")),
                Arguments.of("threshold of one", 10, 1,
                        List.of("1:ok", "6:fail", "11:ok"),
                        List.of("1 HEALTHY", "6 UNHEALTHY failed 1 health checks of /health in a row (last: HTTP 500)", "11 HEALTHY")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("delays")
    void probesOftenWhileStartingThenAtTheInterval(String name, List<String> probes, long expectedNextMillis) {
        HealthTracker tracker = new HealthTracker("/health", LAUNCH, 10, 5, 3);
        HealthVerdict last = null;
        for (String probe : probes) {
            String[] parts = probe.split(":");
            last = tracker.onProbe(LAUNCH.plusSeconds(Integer.parseInt(parts[0])), parts[1].equals("ok"), "refused");
        }
        assertEquals(expectedNextMillis, last.nextProbe().toMillis());
    }

    static Stream<Arguments> delays() {
        return Stream.of(
                Arguments.of("starting, first 2 s", List.of("1:fail"), 100),
                Arguments.of("starting, 2 to 5 s", List.of("1:fail", "3:fail"), 250),
                Arguments.of("starting, later", List.of("1:fail", "6:fail"), 1000),
                Arguments.of("healthy", List.of("1:fail", "2:ok"), 5000),
                Arguments.of("failing after being healthy", List.of("2:ok", "7:fail"), 5000),
                Arguments.of("past its startup window", List.of("1:fail", "11:fail"), 5000));
    }

    @org.junit.jupiter.api.Test
    void startsProbingSoonAfterLaunch() {
        assertEquals(100, new HealthTracker("/health", LAUNCH, 10, 5, 3).firstProbe().toMillis());
        assertEquals(InstanceState.HEALTHY, new HealthTracker("/h", LAUNCH, 0, 0, 0).onProbe(LAUNCH, true, "").change());
    }
}
