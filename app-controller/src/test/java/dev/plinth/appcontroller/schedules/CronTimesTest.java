package dev.plinth.appcontroller.schedules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CronTimesTest {

    @ParameterizedTest(name = "{0} in {1} after {2} is {3}")
    @CsvSource({
            "'*/5 * * * *',  UTC,           2031-03-10T10:00:00Z, 2031-03-10T10:05:00Z",
            "'*/5 * * * *',  UTC,           2031-03-10T10:04:59Z, 2031-03-10T10:05:00Z",
            "'0 8 * * 1-5',  UTC,           2031-03-14T09:00:00Z, 2031-03-17T08:00:00Z",
            "'0 8 * * *',    Europe/Paris,  2031-03-10T06:00:00Z, 2031-03-10T07:00:00Z",
            "'30 2 * * *',   Europe/Paris,  2031-03-29T12:00:00Z, 2031-03-31T00:30:00Z",
            "'0 0 29 2 *',   UTC,           2031-03-01T00:00:00Z, 2032-02-29T00:00:00Z",
    })
    void nextTimes(String cron, String zone, String after, String expected) {
        assertEquals(Instant.parse(expected), CronTimes.parse(cron, ZoneId.of(zone)).next(Instant.parse(after)).orElseThrow());
    }

    @ParameterizedTest(name = "{0} at or before {1} is {2}")
    @CsvSource({
            "'*/5 * * * *', 2031-03-10T10:20:30Z, 2031-03-10T10:20:00Z",
            "'*/5 * * * *', 2031-03-10T10:20:00Z, 2031-03-10T10:20:00Z",
            "'*/5 * * * *', 2031-03-10T10:24:59Z, 2031-03-10T10:20:00Z",
            "'0 8 * * *',   2031-03-10T07:59:00Z, 2031-03-09T08:00:00Z",
    })
    void latestTimes(String cron, String notAfter, String expected) {
        assertEquals(Instant.parse(expected), CronTimes.parse(cron, ZoneId.of("UTC")).latest(Instant.parse(notAfter)).orElseThrow());
    }
}
