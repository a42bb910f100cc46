package dev.plinth.gateway.apps.proxy;

import jakarta.inject.Singleton;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests and failures of the app proxy, per app, in memory since the gateway started. Only apps
 * that exist are counted, so requests to made-up names cannot grow it.
 */
@Singleton
public class AppProxyMetrics {

    /**
     * Counts of one app.
     *
     * @param requests     requests and WebSocket upgrades to the app
     * @param failures     of those, the ones the gateway could not hand to an instance, or that broke
     *                     before the instance answered
     * @param serverErrors answers of the app's instances with a 5xx status
     */
    public record Counts(long requests, long failures, long serverErrors) {
    }

    private static final class Counters {
        final LongAdder requests = new LongAdder();
        final LongAdder failures = new LongAdder();
        final LongAdder serverErrors = new LongAdder();

        Counts snapshot() {
            return new Counts(requests.sum(), failures.sum(), serverErrors.sum());
        }
    }

    private final ConcurrentMap<String, Counters> byApp = new ConcurrentHashMap<>();

    public void request(String app) {
        counters(app).requests.increment();
    }

    public void failure(String app) {
        counters(app).failures.increment();
    }

    public void serverError(String app) {
        counters(app).serverErrors.increment();
    }

    private Counters counters(String app) {
        return byApp.computeIfAbsent(app, a -> new Counters());
    }

    /** @return the counts of one app, zeros when it had no request */
    public Counts of(String app) {
        Counters c = byApp.get(app);
        return c == null ? new Counts(0, 0, 0) : c.snapshot();
    }

    /** @return the counts of every app that had a request, by name */
    public Map<String, Counts> all() {
        Map<String, Counts> all = new TreeMap<>();
        byApp.forEach((app, c) -> all.put(app, c.snapshot()));
        return all;
    }
}
