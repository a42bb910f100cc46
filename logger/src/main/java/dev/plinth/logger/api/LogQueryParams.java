package dev.plinth.logger.api;

import dev.plinth.contracts.validation.Problem;
import dev.plinth.kit.errors.ApiException;
import dev.plinth.logger.store.LogCursor;
import dev.plinth.logger.store.LogFilter;
import dev.plinth.logger.store.LogLevel;
import io.micronaut.http.HttpStatus;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The query parameters of {@code GET /api/logs} and {@code /api/logs/tail} as sent, and their
 * checking: every problem is reported at once, by parameter name, with what a valid value is.
 * Empty parameters count as absent, as a form with blank fields sends them.
 *
 * @param app       an app name
 * @param instance  an instance id
 * @param node      a node name
 * @param subsystem a subsystem or agent name
 * @param level     the lowest level
 * @param from      an ISO-8601 instant, inclusive
 * @param to        an ISO-8601 instant, exclusive
 * @param q         text the message contains
 * @param limit     page size, search only
 * @param before    a cursor from a previous page's {@code next}, search only
 */
public record LogQueryParams(String app, String instance, String node, String subsystem, String level,
                             String from, String to, String q, String limit, String before) {

    /** Lines per page unless {@code limit} says otherwise. */
    public static final int DEFAULT_LIMIT = 100;
    /** The largest page. */
    public static final int MAX_LIMIT = 1000;
    /** The longest search text. */
    public static final int MAX_TEXT = 200;

    private static final Pattern APP_NAME = Pattern.compile("[a-z0-9-]{1,40}");
    private static final int MAX_NAME = 128;

    /**
     * The checked criteria of a search.
     *
     * @param filter what to find
     * @param before where the previous page ended, or null
     * @param limit  page size
     */
    public record Search(LogFilter filter, LogCursor before, int limit) {
    }

    /**
     * @return the search these parameters ask for
     * @throws ApiException 400 listing every invalid parameter
     */
    public Search toSearch() {
        List<Problem> problems = new ArrayList<>();
        LogFilter filter = filter(problems);
        int pageSize = DEFAULT_LIMIT;
        String limitText = blankToNull(limit);
        if (limitText != null) {
            try {
                pageSize = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                pageSize = -1;
            }
            if (pageSize < 1 || pageSize > MAX_LIMIT) {
                problems.add(new Problem("limit", "must be a whole number from 1 to " + MAX_LIMIT + "; it is '" + limitText + "'"));
            }
        }
        LogCursor cursor = null;
        String beforeText = blankToNull(before);
        if (beforeText != null) {
            Optional<LogCursor> decoded = LogCursor.decode(beforeText);
            if (decoded.isEmpty()) {
                problems.add(new Problem("before", "must be the 'next' value of a previous answer, passed back unchanged"));
            } else {
                cursor = decoded.get();
            }
        }
        refuseIfAny(problems);
        return new Search(filter, cursor, pageSize);
    }

    /**
     * @return the filter of a live tail (paging parameters are not used there)
     * @throws ApiException 400 listing every invalid parameter
     */
    public LogFilter toTailFilter() {
        List<Problem> problems = new ArrayList<>();
        LogFilter filter = filter(problems);
        refuseIfAny(problems);
        return filter;
    }

    private LogFilter filter(List<Problem> problems) {
        String appName = blankToNull(app);
        if (appName != null && !APP_NAME.matcher(appName).matches()) {
            problems.add(new Problem("app", "must be an app name: 1 to 40 of a-z, 0-9 and -"));
        }
        String instanceId = name("instance", instance, problems);
        String nodeName = name("node", node, problems);
        String source = name("subsystem", subsystem, problems);
        LogLevel minLevel = null;
        String levelText = blankToNull(level);
        if (levelText != null) {
            minLevel = LogLevel.parse(levelText).orElse(null);
            if (minLevel == null) {
                problems.add(new Problem("level", "must be one of TRACE, DEBUG, INFO, WARN, ERROR (the lowest level to show)"));
            }
        }
        Instant since = instant("from", from, problems);
        Instant until = instant("to", to, problems);
        if (since != null && until != null && !until.isAfter(since)) {
            problems.add(new Problem("to", "must be later than from"));
        }
        String text = q == null || q.isEmpty() ? null : q;
        if (text != null && text.length() > MAX_TEXT) {
            problems.add(new Problem("q", "must be at most " + MAX_TEXT + " characters"));
        }
        return new LogFilter(appName, instanceId, nodeName, source, minLevel, since, until, text, null);
    }

    private static String name(String parameter, String value, List<Problem> problems) {
        String name = blankToNull(value);
        if (name != null && (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl))) {
            problems.add(new Problem(parameter, "must be a name of at most " + MAX_NAME + " characters"));
        }
        return name;
    }

    private static Instant instant(String parameter, String value, List<Problem> problems) {
        String text = blankToNull(value);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notUtc) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                problems.add(new Problem(parameter, "must be an ISO-8601 instant, as 2025-01-31T08:00:00Z"));
                return null;
            }
        }
    }

    private static void refuseIfAny(List<Problem> problems) {
        if (problems.isEmpty()) {
            return;
        }
        String message = problems.size() == 1
                ? problems.get(0).path() + " " + problems.get(0).message()
                : "the log query has " + problems.size() + " problems";
        throw new ApiException(HttpStatus.BAD_REQUEST, message, problems);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
