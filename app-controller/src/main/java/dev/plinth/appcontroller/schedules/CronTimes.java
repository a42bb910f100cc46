package dev.plinth.appcontroller.schedules;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The times a Unix cron expression (five fields: minute, hour, day of month, month, day of week)
 * names, in a time zone.
 */
public final class CronTimes {

    private static final CronDefinition UNIX = CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX);

    private final ExecutionTime times;
    private final ZoneId zone;

    private CronTimes(ExecutionTime times, ZoneId zone) {
        this.times = times;
        this.zone = zone;
    }

    /**
     * @param expression a Unix cron expression
     * @param zone       the zone its hours and days are in
     * @return its times
     * @throws IllegalArgumentException saying what is wrong with the expression
     */
    public static CronTimes parse(String expression, ZoneId zone) {
        // A parser per call: cron-utils does not promise its parser is thread-safe, and parsing is rare.
        return new CronTimes(ExecutionTime.forCron(new CronParser(UNIX).parse(expression).validate()), zone);
    }

    /** @return the first time strictly after the instant, if any */
    public Optional<Instant> next(Instant after) {
        return times.nextExecution(ZonedDateTime.ofInstant(after, zone)).map(ZonedDateTime::toInstant);
    }

    /** @return the last time at or before the instant, if any */
    public Optional<Instant> latest(Instant notAfter) {
        ZonedDateTime minute = ZonedDateTime.ofInstant(notAfter, zone).truncatedTo(ChronoUnit.MINUTES);
        if (times.isMatch(minute)) {
            return Optional.of(minute.toInstant());
        }
        return times.lastExecution(minute).map(ZonedDateTime::toInstant);
    }
}
