package dev.plinth.logger.api;

import com.mongodb.MongoException;
import dev.plinth.kit.security.Roles;
import dev.plinth.logger.store.LogCursor;
import dev.plinth.logger.store.LogFilter;
import dev.plinth.logger.store.LogSettings;
import dev.plinth.logger.store.LogStore;
import dev.plinth.logger.store.StoredLog;
import dev.plinth.logger.tail.LogBroadcaster;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Searching and following log lines.
 *
 * <ul>
 *   <li>{@code GET /api/logs} — stored lines, newest first, a page at a time:
 *       {@code {records: [...], next}}; pass {@code next} back as {@code before} for the following
 *       (older) page; {@code next} is null on the last page.</li>
 *   <li>{@code GET /api/logs/tail} — Server-Sent Events: each new matching line as an event whose
 *       data is the line (JSON) and whose id is the line's id; an event named {@code keep-alive}
 *       with a comment and empty data at once and every 15 s (browsers' EventSource ignores it).</li>
 * </ul>
 *
 * <p>Filters, all optional and combined: {@code app}, {@code instance}, {@code node},
 * {@code subsystem} (the name of a subsystem or agent), {@code level} (the lowest: WARN gives WARN
 * and ERROR), {@code from} (inclusive) and {@code to} (exclusive) as ISO-8601 instants, {@code q}
 * (text the message contains, ignoring case, taken literally); search also takes {@code limit}
 * (1–1000, default 100) and {@code before}. Invalid values answer 400 with a problem per
 * parameter. Developers see their own apps' lines only (see {@link LogAccess}).</p>
 */
@Controller("/api/logs")
@Secured({Roles.DEVELOPER, Roles.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class LogsController {

    private final LogStore store;
    private final LogAccess access;
    private final LogBroadcaster broadcaster;
    private final LogSettings settings;

    public LogsController(LogStore store, LogAccess access, LogBroadcaster broadcaster, LogSettings settings) {
        this.store = store;
        this.access = access;
        this.broadcaster = broadcaster;
        this.settings = settings;
    }

    @Get
    public LogPage search(@Nullable @QueryValue String app, @Nullable @QueryValue String instance,
                          @Nullable @QueryValue String node, @Nullable @QueryValue String subsystem,
                          @Nullable @QueryValue String level, @Nullable @QueryValue String from,
                          @Nullable @QueryValue String to, @Nullable @QueryValue String q,
                          @Nullable @QueryValue String limit, @Nullable @QueryValue String before,
                          Authentication caller) {
        LogQueryParams.Search search = new LogQueryParams(app, instance, node, subsystem, level, from, to, q, limit, before).toSearch();
        LogFilter filter = access.restrict(search.filter(), caller);
        List<StoredLog> found = store.find(filter, search.before(), search.limit() + 1);
        boolean more = found.size() > search.limit();
        List<StoredLog> page = more ? found.subList(0, search.limit()) : found;
        String next = more ? LogCursor.after(page.get(page.size() - 1)).encode() : null;
        return new LogPage(page.stream().map(LogRecordView::of).toList(), next);
    }

    @Get(value = "/tail", produces = MediaType.TEXT_EVENT_STREAM)
    public Publisher<Event<Object>> tail(@Nullable @QueryValue String app, @Nullable @QueryValue String instance,
                                         @Nullable @QueryValue String node, @Nullable @QueryValue String subsystem,
                                         @Nullable @QueryValue String level, @Nullable @QueryValue String from,
                                         @Nullable @QueryValue String to, @Nullable @QueryValue String q,
                                         Authentication caller) {
        LogFilter asked = new LogQueryParams(app, instance, node, subsystem, level, from, to, q, null, null).toTailFilter();
        // Checks the request once (404, 403); after that, visibility is judged line by line, so an
        // app created or handed on while the tail runs is seen as it is now.
        Predicate<StoredLog> matches = access.restrict(asked, caller).onlyApps(null).asPredicate();
        Predicate<StoredLog> visible = access.stillVisible(caller);
        Flux<Event<Object>> lines = broadcaster.lines(settings.tailBuffer())
                // Off the ingestion thread: the visibility check may read MongoDB.
                .publishOn(Schedulers.boundedElastic())
                .filter(log -> matches.test(log) && visibleOrHidden(visible, log))
                .map(log -> Event.<Object>of(LogRecordView.of(log)).id(log.id()));
        Flux<Event<Object>> keepAlive = Flux.interval(Duration.ZERO, settings.tailKeepAlive())
                .onBackpressureDrop()
                .map(tick -> Event.<Object>of("").name("keep-alive").comment("keep-alive"));
        return Flux.merge(lines, keepAlive);
    }

    /** While MongoDB cannot say who owns what, a developer's tail shows nothing rather than too much. */
    private static boolean visibleOrHidden(Predicate<StoredLog> visible, StoredLog log) {
        try {
            return visible.test(log);
        } catch (MongoException e) {
            return false;
        }
    }
}
