package dev.plinth.monitor.detect;

import dev.plinth.monitor.detect.SilenceRule.Cause;
import dev.plinth.monitor.detect.SilenceRule.Change;
import dev.plinth.monitor.detect.SilenceRule.Track;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SilenceRuleTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final Duration AFTER = Duration.ofSeconds(10);

    private static Instant ago(Long millis) {
        return millis == null ? null : NOW.minusMillis(millis);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # case                                   | heard ms ago | unhealthy ms ago | alerting | change  | cause
            heard recently                           | 2000         | -                | false    | NONE    | -
            just under the threshold                 | 9999         | -                | false    | NONE    | -
            silent exactly the threshold             | 10000        | -                | false    | RAISE   | SILENT
            silent long                              | 60000        | -                | false    | RAISE   | SILENT
            silent and already alerted               | 60000        | -                | true     | NONE    | -
            back and healthy                         | 500          | -                | true     | RESOLVE | -
            back but still unhealthy                 | 500          | 3000             | true     | NONE    | -
            unhealthy for the threshold              | 500          | 10000            | false    | RAISE   | UNHEALTHY
            unhealthy not yet long enough            | 500          | 9000             | false    | NONE    | -
            unhealthy long and already alerted       | 500          | 30000            | true     | NONE    | -
            silent and unhealthy: silence is named   | 20000        | 40000            | false    | RAISE   | SILENT
            never heard, alerted from the store      | -            | -                | true     | NONE    | -
            never heard, not alerted                 | -            | -                | false    | NONE    | -
            """)
    void judges(String name, Long heardAgo, Long unhealthyAgo, boolean alerting, Change change, Cause cause) {
        SilenceRule.Verdict verdict = SilenceRule.judge(new Track(ago(heardAgo), ago(unhealthyAgo), alerting), NOW, AFTER);
        assertEquals(change, verdict.change(), name);
        assertEquals(cause, verdict.cause(), name);
    }
}
