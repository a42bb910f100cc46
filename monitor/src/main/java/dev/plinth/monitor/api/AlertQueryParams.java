package dev.plinth.monitor.api;

import dev.plinth.contracts.events.Alert;
import dev.plinth.contracts.validation.Problem;
import dev.plinth.kit.errors.ApiException;
import dev.plinth.monitor.alerts.AlertQuery;
import io.micronaut.http.HttpStatus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The query parameters of {@code GET /api/alerts} as sent, and their checking: every problem is
 * reported at once, by parameter. Empty parameters count as absent.
 *
 * @param open  {@code true} (only open alerts) or {@code false} (only acknowledged or resolved ones)
 * @param kind  an alert kind, as {@code NODE_LOST} (any case)
 * @param app   an app name
 * @param limit at most this many alerts, 1–1000, default 100
 */
public record AlertQueryParams(String open, String kind, String app, String limit) {

    /** Alerts per answer unless {@code limit} says otherwise. */
    public static final int DEFAULT_LIMIT = 100;
    /** The most alerts per answer. */
    public static final int MAX_LIMIT = 1000;

    private static final Pattern APP_NAME = Pattern.compile("[a-z0-9-]{1,40}");

    /**
     * @return the query these parameters ask for
     * @throws ApiException 400 listing every invalid parameter
     */
    public AlertQuery toQuery() {
        List<Problem> problems = new ArrayList<>();
        Boolean openOnly = null;
        String openText = blankToNull(open);
        if (openText != null) {
            if (openText.equalsIgnoreCase("true")) {
                openOnly = true;
            } else if (openText.equalsIgnoreCase("false")) {
                openOnly = false;
            } else {
                problems.add(new Problem("open", "must be true or false; it is '" + openText + "'"));
            }
        }
        Alert.Kind alertKind = null;
        String kindText = blankToNull(kind);
        if (kindText != null) {
            try {
                alertKind = Alert.Kind.valueOf(kindText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem("kind", "must be one of " + Arrays.toString(Alert.Kind.values()) + "; it is '" + kindText + "'"));
            }
        }
        String appName = blankToNull(app);
        if (appName != null && !APP_NAME.matcher(appName).matches()) {
            problems.add(new Problem("app", "must be an app name: 1 to 40 of a-z, 0-9 and -"));
        }
        int max = DEFAULT_LIMIT;
        String limitText = blankToNull(limit);
        if (limitText != null) {
            try {
                max = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                max = -1;
            }
            if (max < 1 || max > MAX_LIMIT) {
                problems.add(new Problem("limit", "must be a whole number from 1 to " + MAX_LIMIT + "; it is '" + limitText + "'"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "the alert query has invalid parameters", problems);
        }
        return new AlertQuery(openOnly, alertKind, appName, null, max);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
