package dev.plinth.kit.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {

    private static final Backoff ONE_TO_THIRTY = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30));

    @ParameterizedTest(name = "after failure {0} wait {1} ms")
    @CsvSource({"0, 1000", "1, 1000", "2, 2000", "3, 4000", "4, 8000", "5, 16000", "6, 30000", "7, 30000",
            "64, 30000", "2147483647, 30000"})
    void doublesFromTheFirstWaitUpToTheCap(int failures, long millis) {
        assertEquals(Duration.ofMillis(millis), ONE_TO_THIRTY.delay(failures));
    }

    @ParameterizedTest(name = "failure {0} waits {1} ms ± 25%")
    @CsvSource({"1, 1000", "2, 2000", "3, 4000", "4, 8000", "5, 16000"})
    void jitterSpreadsEachWaitAroundItsValue(int failures, long millis) {
        Backoff jittered = ONE_TO_THIRTY.withJitter(0.25);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            long wait = jittered.delay(failures).toMillis();
            assertTrue(wait >= millis * 0.75 && wait <= millis * 1.25, wait + " ms");
            seen.add(wait);
        }
        assertTrue(seen.size() > 10, "waits differ: " + seen.size());
    }

    @Test
    void jitterNeverWaitsLongerThanTheCap() {
        Backoff jittered = ONE_TO_THIRTY.withJitter(0.5);
        for (int failures = 1; failures < 40; failures++) {
            assertTrue(jittered.delay(failures).compareTo(Duration.ofSeconds(30)) <= 0);
        }
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Backoff.exponential(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> ONE_TO_THIRTY.withJitter(1.0));
        assertThrows(IllegalArgumentException.class, () -> ONE_TO_THIRTY.withJitter(-0.1));
    }
}
