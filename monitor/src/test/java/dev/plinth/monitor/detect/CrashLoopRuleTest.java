package dev.plinth.monitor.detect;

import dev.plinth.monitor.detect.CrashLoopRule.AppFailures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrashLoopRuleTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final int THRESHOLD = 3;

    private static List<Instant> secondsAgo(String list) {
        List<Instant> times = new ArrayList<>();
        if (list != null && !list.isBlank()) {
            Arrays.stream(list.trim().split(" +")).map(Long::parseLong).sorted((a, b) -> Long.compare(b, a))
                    .forEach(s -> times.add(NOW.minusSeconds(s)));
        }
        return times;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # case                                        | earlier failures (s ago) | raised | new failure | raise | kept | raised after
            the first failure                             | -                        | false  | true        | false | 1    | false
            the threshold is no loop                      | 30 20 10                 | false  | false       | false | 3    | false
            one more than the threshold is a loop         | 30 20 10                 | false  | true        | true  | 4    | true
            a loop already raised is not raised again     | 40 30 20 10              | true   | true        | false | 5    | true
            failures outside the window do not count      | 400 350 301 10           | false  | true        | false | 2    | false
            exactly the window ago is outside             | 300 20 10                | false  | true        | false | 3    | false
            just inside the window counts                 | 299 20 10                | false  | true        | true  | 4    | true
            back at the threshold re-arms                 | 400 30 20 10             | true   | false       | false | 3    | false
            time alone does not raise below the threshold | 20                       | false  | false       | false | 1    | false
            an unpublished raise is tried again           | 40 30 20 10              | false  | false       | true  | 4    | true
            all failures aged out                         | 900 800                  | true   | false       | false | 0    | false
            """)
    void judges(String name, String earlier, boolean raised, boolean newFailure, boolean raise, int kept, boolean raisedAfter) {
        CrashLoopRule.Verdict verdict = CrashLoopRule.judge(new AppFailures(secondsAgo(earlier), raised),
                newFailure ? NOW : null, NOW, WINDOW, THRESHOLD);
        assertEquals(raise, verdict.raise(), name + ": raise");
        assertEquals(kept, verdict.next().failures().size(), name + ": failures kept");
        assertEquals(raisedAfter, verdict.next().raised(), name + ": raised after");
    }

    @Test
    void aSecondRunAfterACalmSpellRaisesAgain() {
        AppFailures app = AppFailures.NONE;
        int raises = 0;
        // Five failures a minute apart: the fourth raises, the fifth does not.
        for (int i = 0; i < 5; i++) {
            CrashLoopRule.Verdict v = CrashLoopRule.judge(app, NOW.plusSeconds(60L * i), NOW.plusSeconds(60L * i), WINDOW, THRESHOLD);
            raises += v.raise() ? 1 : 0;
            app = v.next();
        }
        assertEquals(1, raises);
        assertTrue(app.raised());
        // Ten calm minutes later the window is empty and the app re-armed.
        Instant calm = NOW.plusSeconds(60L * 14);
        app = CrashLoopRule.judge(app, null, calm, WINDOW, THRESHOLD).next();
        assertFalse(app.raised());
        assertEquals(0, app.failures().size());
        for (int i = 0; i < 4; i++) {
            Instant t = calm.plusSeconds(10L * i);
            CrashLoopRule.Verdict v = CrashLoopRule.judge(app, t, t, WINDOW, THRESHOLD);
            raises += v.raise() ? 1 : 0;
            app = v.next();
        }
        assertEquals(2, raises);
    }
}
