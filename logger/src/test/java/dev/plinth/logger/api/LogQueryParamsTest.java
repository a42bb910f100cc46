package dev.plinth.logger.api;

import dev.plinth.contracts.validation.Problem;
import dev.plinth.kit.errors.ApiException;
import dev.plinth.logger.store.LogCursor;
import dev.plinth.logger.store.LogFilter;
import dev.plinth.logger.store.LogLevel;
import io.micronaut.http.HttpStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LogQueryParamsTest {

    private static LogQueryParams params(String app, String level, String from, String to, String q, String limit, String before) {
        return new LogQueryParams(app, null, null, null, level, from, to, q, limit, before);
    }

    @Test
    void nothingGivenMeansEverythingNewestHundred() {
        LogQueryParams.Search search = new LogQueryParams(null, null, null, null, null, null, null, null, null, null).toSearch();

        assertEquals(LogFilter.everything(), search.filter());
        assertEquals(100, search.limit());
        assertNull(search.before());
    }

    @Test
    void readsEveryCriterion() {
        LogCursor cursor = new LogCursor(Instant.parse("2025-01-02T03:04:05.006Z"), "1-2-3");
        LogQueryParams.Search search = new LogQueryParams("speed-alert", "speed-alert-x1", "node-1", "deployer", "warn",
                "2025-01-01T00:00:00Z", "2025-01-02T01:00:00+01:00", "a.*b(", "1000", cursor.encode()).toSearch();

        assertEquals(new LogFilter("speed-alert", "speed-alert-x1", "node-1", "deployer", LogLevel.WARN,
                Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-01-02T00:00:00Z"), "a.*b(", null), search.filter());
        assertEquals(1000, search.limit());
        assertEquals(cursor, search.before());
    }

    @Test
    void emptyParametersCountAsAbsent() {
        LogQueryParams.Search search = new LogQueryParams("", " ", "", "", "", "", "", "", "", "").toSearch();

        assertEquals(LogFilter.everything(), search.filter());
        assertEquals(100, search.limit());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", delimiter = '|', value = {
            "app with capitals  | Speed  | -     | -                    | -                    | -  | -    | -    | app",
            "app too long       | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | - | - | - | - | - | - | app",
            "unknown level      | -      | LOUD  | -                    | -                    | -  | -    | -    | level",
            "from not a time    | -      | -     | yesterday            | -                    | -  | -    | -    | from",
            "to before from     | -      | -     | 2025-01-02T00:00:00Z | 2025-01-01T00:00:00Z | -  | -    | -    | to",
            "to equal to from   | -      | -     | 2025-01-02T00:00:00Z | 2025-01-02T00:00:00Z | -  | -    | -    | to",
            "limit zero         | -      | -     | -                    | -                    | -  | 0    | -    | limit",
            "limit too big      | -      | -     | -                    | -                    | -  | 1001 | -    | limit",
            "limit not a number | -      | -     | -                    | -                    | -  | ten  | -    | limit",
            "cursor made up     | -      | -     | -                    | -                    | -  | -    | abc  | before",
    })
    void refusesAnInvalidValueNamingTheParameter(String why, String app, String level, String from, String to, String q,
                                                  String limit, String before, String parameter) {
        ApiException refused = assertThrows(ApiException.class, () -> params(app, level, from, to, q, limit, before).toSearch());

        assertEquals(HttpStatus.BAD_REQUEST, refused.status());
        assertEquals(List.of(parameter), refused.problems().stream().map(Problem::path).toList(), refused.getMessage());
    }

    @Test
    void reportsEveryProblemAtOnce() {
        ApiException refused = assertThrows(ApiException.class,
                () -> params("A", "LOUD", "x", null, "q".repeat(201), "-1", null).toSearch());

        assertEquals(List.of("app", "level", "from", "q", "limit"), refused.problems().stream().map(Problem::path).toList());
        assertEquals("the log query has 5 problems", refused.getMessage());
    }

    @Test
    void theTailIgnoresPagingParameters() {
        LogFilter filter = params("app-1", "error", null, null, null, "nonsense", "nonsense").toTailFilter();

        assertEquals(new LogFilter("app-1", null, null, null, LogLevel.ERROR, null, null, null, null), filter);
    }
}
