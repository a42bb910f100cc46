package dev.plinth.appcontroller.schedules;

import dev.plinth.contracts.validation.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code schedule} of a deploy request and checks it, reporting each mistake with its path
 * ({@code schedule.at}, {@code schedule.cron}, …):
 * <ul>
 *   <li>absent or {@code "now"}: deploy at once (no schedule);</li>
 *   <li>{@code {"at": "2026-11-22T12:00:00Z"}}: once, at an instant in the future;</li>
 *   <li>{@code {"cron": "*&#47;5 * * * *", "durationSeconds": 600, "until": "…", "zone": "Europe/Paris"}}:
 *       at every time of a Unix cron expression, each run stopped after {@code durationSeconds},
 *       none started after {@code until}; all three optional, the zone UTC by default.</li>
 * </ul>
 */
public final class ScheduleRules {

    /** The word for deploying at once. */
    public static final String NOW = "now";

    private static final Set<String> FIELDS = Set.of("at", "cron", "zone", "durationSeconds", "until");
    private static final String KNOWN = "at, cron, zone, durationSeconds, until";
    private static final String INSTANT_EXAMPLE = "an instant such as 2026-11-22T12:00:00Z";

    private ScheduleRules() {
    }

    /**
     * A valid schedule.
     *
     * @param kind            AT or CRON
     * @param at              for AT
     * @param cron            for CRON
     * @param zone            for CRON
     * @param durationSeconds for CRON, may be null
     * @param until           for CRON, may be null
     * @param firstFireAt     when it fires first
     */
    public record Parsed(String kind, @Nullable Instant at, @Nullable String cron, @Nullable String zone,
                         @Nullable Long durationSeconds, @Nullable Instant until, Instant firstFireAt) {
    }

    /** @return whether the request asks to deploy at once */
    public static boolean now(@Nullable JsonNode schedule) {
        return schedule == null || schedule.isNull() || (schedule.isString() && NOW.equalsIgnoreCase(schedule.getStringValue().trim()));
    }

    /**
     * Checks a schedule that is not {@link #now}.
     *
     * @param schedule the {@code schedule} of the request
     * @param now      the time
     * @param problems where mistakes are added
     * @return the schedule, or empty when it has mistakes
     */
    public static Optional<Parsed> parse(JsonNode schedule, Instant now, List<Problem> problems) {
        int before = problems.size();
        if (!schedule.isObject()) {
            problems.add(new Problem("schedule", "must be \"now\", {\"at\": \"2026-11-22T12:00:00Z\"} "
                    + "or {\"cron\": \"*/5 * * * *\", \"durationSeconds\": 600}"));
            return Optional.empty();
        }
        for (Map.Entry<String, JsonNode> field : schedule.entries()) {
            if (!FIELDS.contains(field.getKey())) {
                problems.add(new Problem("schedule." + field.getKey(), "is not a known field (known fields: " + KNOWN + ")"));
            }
        }
        boolean hasAt = present(schedule, "at");
        boolean hasCron = present(schedule, "cron");
        if (hasAt && hasCron) {
            problems.add(new Problem("schedule", "give either at (deploy once) or cron (deploy again and again), not both"));
            return Optional.empty();
        }
        if (!hasAt && !hasCron) {
            problems.add(new Problem("schedule", "needs at (deploy once, at " + INSTANT_EXAMPLE
                    + ") or cron (deploy again and again, as \"0 8 * * 1-5\")"));
            return Optional.empty();
        }
        if (hasAt) {
            for (String cronOnly : List.of("zone", "durationSeconds", "until")) {
                if (present(schedule, cronOnly)) {
                    problems.add(new Problem("schedule." + cronOnly, "applies to cron schedules only; a schedule with at deploys once and runs until stopped"));
                }
            }
            Instant at = instant(schedule.get("at"), "schedule.at", problems);
            if (at != null && !at.isAfter(now)) {
                problems.add(new Problem("schedule.at", "must be in the future; it is " + at + " and now is " + now));
            }
            if (problems.size() > before) {
                return Optional.empty();
            }
            return Optional.of(new Parsed(ScheduleRecord.AT, at, null, null, null, null, at));
        }
        ZoneId zone = ZoneOffset.UTC;
        if (present(schedule, "zone")) {
            JsonNode z = schedule.get("zone");
            try {
                zone = ZoneId.of(z.isString() ? z.getStringValue() : "");
            } catch (DateTimeException e) {
                problems.add(new Problem("schedule.zone", "is not a time zone; use a name such as UTC or Europe/Paris"));
                zone = null;
            }
        }
        Long duration = null;
        if (present(schedule, "durationSeconds")) {
            JsonNode d = schedule.get("durationSeconds");
            if (!d.isNumber() || d.getNumberValue().doubleValue() != Math.rint(d.getNumberValue().doubleValue())
                    || d.getLongValue() <= 0) {
                problems.add(new Problem("schedule.durationSeconds", "must be a whole number of seconds greater than 0"));
            } else {
                duration = d.getLongValue();
            }
        }
        Instant until = null;
        if (present(schedule, "until")) {
            until = instant(schedule.get("until"), "schedule.until", problems);
            if (until != null && !until.isAfter(now)) {
                problems.add(new Problem("schedule.until", "must be in the future; it is " + until + " and now is " + now));
                until = null;
            }
        }
        String cron = null;
        CronTimes times = null;
        JsonNode c = schedule.get("cron");
        if (!c.isString() || c.getStringValue().isBlank()) {
            problems.add(new Problem("schedule.cron", "must be a Unix cron expression in quotes, as \"*/5 * * * *\""));
        } else {
            cron = c.getStringValue().trim();
            try {
                times = CronTimes.parse(cron, zone == null ? ZoneOffset.UTC : zone);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem("schedule.cron", "is not a Unix cron expression of five fields (minute hour "
                        + "day-of-month month day-of-week, as \"*/5 * * * *\"): " + e.getMessage()));
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        Optional<Instant> first = times.next(now);
        if (first.isEmpty() || (until != null && !first.get().isBefore(until))) {
            problems.add(new Problem("schedule.cron", "never fires" + (until == null ? "" : " before until (" + until + ")")));
            return Optional.empty();
        }
        return Optional.of(new Parsed(ScheduleRecord.CRON, null, cron, zone.getId(), duration, until, first.get()));
    }

    private static boolean present(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value != null && !value.isNull();
    }

    private static Instant instant(JsonNode value, String path, List<Problem> problems) {
        if (value.isString()) {
            try {
                return OffsetDateTime.parse(value.getStringValue().trim()).toInstant();
            } catch (DateTimeException e) {
                // reported below
            }
        }
        problems.add(new Problem(path, "must be " + INSTANT_EXAMPLE + " (ISO 8601, with Z or an offset such as +01:00)"));
        return null;
    }
}
