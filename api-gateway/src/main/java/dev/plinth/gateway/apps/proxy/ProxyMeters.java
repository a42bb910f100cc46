package dev.plinth.gateway.apps.proxy;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Meters of the app proxy ({@code /apps/{name}/**}), per app:
 * <ul>
 *   <li>{@code plinth.gateway.proxy.latency} (timer, tags {@code app} and {@code status}: {@code 2xx},
 *       {@code 4xx}, {@code 5xx}…): from the request reaching the proxy to the answer's status and
 *       headers, whether an instance answered or the gateway did (no healthy instance, a timeout);
 *       a streamed body is not included;</li>
 *   <li>{@code plinth.gateway.proxy.requests}, {@code .failures}, {@code .server.errors} (counters,
 *       tag {@code app}): the proxy's own counts ({@link AppProxyMetrics}), WebSocket upgrades included.</li>
 * </ul>
 * Only apps that exist get meters (the proxy refuses unknown names before it counts), so a client
 * cannot grow the registry by making names up.
 */
@Singleton
@Requires(bean = MeterRegistry.class)
public class ProxyMeters {

    /** The latency timer's name. */
    public static final String LATENCY = "plinth.gateway.proxy.latency";

    private final MeterRegistry registry;
    private final AppProxyMetrics counts;
    private final Set<String> counted = ConcurrentHashMap.newKeySet();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public ProxyMeters(MeterRegistry registry, AppProxyMetrics counts) {
        this.registry = registry;
        this.counts = counts;
    }

    /**
     * Records one answer of the proxy.
     *
     * @param app    the app
     * @param status the answer's status code
     * @param nanos  how long it took to answer
     */
    public void answered(String app, int status, long nanos) {
        String statusClass = (status / 100) + "xx";
        timers.computeIfAbsent(app + " " + statusClass, key -> Timer.builder(LATENCY)
                        .description("Time until the app proxy answered, by app and status class")
                        .tags("app", app, "status", statusClass)
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
        countersOf(app);
    }

    /** Gives apps that only had WebSocket upgrades or refusals their counters too. */
    @Scheduled(fixedDelay = "15s", initialDelay = "15s")
    void countNewApps() {
        counts.all().keySet().forEach(this::countersOf);
    }

    private void countersOf(String app) {
        if (!counted.add(app)) {
            return;
        }
        counter(app, "plinth.gateway.proxy.requests", "Requests and WebSocket upgrades to the app", c -> c.of(app).requests());
        counter(app, "plinth.gateway.proxy.failures", "Requests the gateway could not hand to an instance, or that broke before it answered",
                c -> c.of(app).failures());
        counter(app, "plinth.gateway.proxy.server.errors", "Answers of the app's instances with a 5xx status", c -> c.of(app).serverErrors());
    }

    private void counter(String app, String name, String description, ToDoubleFunction<AppProxyMetrics> count) {
        FunctionCounter.builder(name, counts, count).description(description).tag("app", app).register(registry);
    }
}
