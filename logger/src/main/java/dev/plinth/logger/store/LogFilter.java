package dev.plinth.logger.store;

import com.mongodb.client.model.Filters;
import dev.plinth.contracts.events.LogRecord.SourceKind;
import dev.plinth.logger.store.StoredLog.Fields;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which log lines to show. Every criterion is optional; those given must all hold. Search turns it
 * into a MongoDB query ({@link #toBson()}), the live tail tests each new line with
 * {@link #matches(StoredLog)}: one definition, so both agree.
 *
 * @param app         lines of this app
 * @param instanceId  lines of this instance
 * @param nodeId      lines of this node (agent and instance lines)
 * @param subsystem   lines written by this subsystem or agent (its source name; never instance lines)
 * @param minLevel    lines at this level or more severe
 * @param from        lines written at or after this instant
 * @param to          lines written before this instant
 * @param text        lines whose message contains this text, ignoring case; matched literally
 * @param visibleApps when not null, only lines of these apps, each written and received at or after
 *                    the instant given for it (when the app of that name was created): what a developer
 *                    may see. A name used before by an app since deleted shows nothing of that earlier
 *                    app: its instances ended before it could be deleted, so their lines were written
 *                    before the new app existed, however late they arrive
 */
public record LogFilter(String app, String instanceId, String nodeId, String subsystem, LogLevel minLevel,
                        Instant from, Instant to, String text, Map<String, Instant> visibleApps) {

    private static final List<String> PLATFORM_KINDS = List.of(SourceKind.SUBSYSTEM.name(), SourceKind.AGENT.name());

    public LogFilter {
        visibleApps = visibleApps == null ? null : Map.copyOf(visibleApps);
    }

    /** @return a filter that lets everything through */
    public static LogFilter everything() {
        return new LogFilter(null, null, null, null, null, null, null, null, null);
    }

    /** @return this filter, further limited to lines of these apps received since the instant given for each */
    public LogFilter onlyApps(Map<String, Instant> apps) {
        return new LogFilter(app, instanceId, nodeId, subsystem, minLevel, from, to, text, apps);
    }

    /** @return the MongoDB query for these criteria */
    public Bson toBson() {
        List<Bson> all = new ArrayList<>();
        if (visibleApps != null) {
            List<Bson> perApp = new ArrayList<>();
            visibleApps.forEach((name, since) -> perApp.add(
                    Filters.and(Filters.eq(Fields.APP, name), Filters.gte(Fields.TIME, Date.from(since)),
                            Filters.gte(Fields.RECEIVED_AT, Date.from(since)))));
            all.add(perApp.isEmpty() ? Filters.in(Fields.APP, List.of()) : perApp.size() == 1 ? perApp.get(0) : Filters.or(perApp));
        }
        if (app != null) {
            all.add(Filters.eq(Fields.APP, app));
        }
        if (instanceId != null) {
            all.add(Filters.eq(Fields.INSTANCE_ID, instanceId));
        }
        if (nodeId != null) {
            all.add(Filters.eq(Fields.NODE_ID, nodeId));
        }
        if (subsystem != null) {
            all.add(Filters.eq(Fields.SOURCE_NAME, subsystem));
            all.add(Filters.in(Fields.SOURCE_KIND, PLATFORM_KINDS));
        }
        if (minLevel != null && minLevel != LogLevel.TRACE) {
            all.add(Filters.in(Fields.LEVEL, minLevel.andAbove()));
        }
        if (from != null) {
            all.add(Filters.gte(Fields.TIME, Date.from(from)));
        }
        if (to != null) {
            all.add(Filters.lt(Fields.TIME, Date.from(to)));
        }
        if (text != null) {
            // Pattern.quote wraps the text in \Q…\E, which MongoDB's PCRE reads literally too.
            all.add(Filters.regex(Fields.MESSAGE, Pattern.quote(text), "i"));
        }
        return all.isEmpty() ? new Document() : Filters.and(all);
    }

    /**
     * @param log a line
     * @return whether it meets every criterion
     */
    public boolean matches(StoredLog log) {
        return asPredicate().test(log);
    }

    /** @return the criteria as a test of single lines, the text pattern compiled once */
    public Predicate<StoredLog> asPredicate() {
        Pattern pattern = text == null ? null : Pattern.compile(Pattern.quote(text), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        return log -> (visibleApps == null || (log.app() != null && visibleApps.containsKey(log.app())
                        && !log.time().isBefore(visibleApps.get(log.app()))
                        && !log.receivedAt().isBefore(visibleApps.get(log.app()))))
                && (app == null || app.equals(log.app()))
                && (instanceId == null || instanceId.equals(log.instanceId()))
                && (nodeId == null || nodeId.equals(log.nodeId()))
                && (subsystem == null || (subsystem.equals(log.sourceName()) && log.sourceKind() != SourceKind.INSTANCE))
                && (minLevel == null || log.level().compareTo(minLevel) >= 0)
                && (from == null || !log.time().isBefore(from))
                && (to == null || log.time().isBefore(to))
                && (pattern == null || pattern.matcher(log.message()).find());
    }
}
