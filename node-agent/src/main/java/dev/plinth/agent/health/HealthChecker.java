package dev.plinth.agent.health;

import dev.plinth.contracts.events.InstanceState;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Probes instances' health paths where they listen (the inner end of their network namespace, or the
 * node's loopback) and reports each change of health. Probes
 * are asynchronous, so one slow instance never delays another's checks.
 */
@Singleton
public class HealthChecker {

    private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "agent-health");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** Receives health changes of one instance. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param state   {@link InstanceState#HEALTHY} or {@link InstanceState#UNHEALTHY}
         * @param message why, for unhealthy; else null
         */
        void onHealth(InstanceState state, String message);
    }

    /**
     * Starts checking an instance until the returned watch is cancelled.
     *
     * @param host           the instance's own address (the inner end of its network namespace), or null
     *                       when it listens on the node's (probed on 127.0.0.1)
     * @param port           the instance's port
     * @param path           its health path
     * @param timeoutSeconds how long one probe may take
     * @param tracker        decides what the results mean
     * @param listener       receives each change
     * @return the watch, to cancel when the instance ends
     */
    public Watch watch(String host, int port, String path, int timeoutSeconds, HealthTracker tracker, Listener listener) {
        String probePath = path == null || path.isBlank() ? "/" : path.startsWith("/") ? path : "/" + path;
        String probeHost = host == null || host.isBlank() ? "127.0.0.1" : host;
        Watch watch = new Watch(URI.create("http://" + probeHost + ":" + port + probePath),
                Duration.ofSeconds(Math.max(1, timeoutSeconds)), tracker, listener);
        watch.schedule(tracker.firstProbe());
        return watch;
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
    }

    /** The health checking of one instance. */
    public final class Watch {

        private final URI uri;
        private final Duration timeout;
        private final HealthTracker tracker;
        private final Listener listener;
        private volatile boolean cancelled;

        private Watch(URI uri, Duration timeout, HealthTracker tracker, Listener listener) {
            this.uri = uri;
            this.timeout = timeout;
            this.tracker = tracker;
            this.listener = listener;
        }

        /** Stops checking; a probe in flight is ignored. */
        public void cancel() {
            cancelled = true;
        }

        private void schedule(Duration delay) {
            if (cancelled) {
                return;
            }
            try {
                timer.schedule(this::probe, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                cancelled = true;
            }
        }

        private void probe() {
            if (cancelled) {
                return;
            }
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                if (cancelled) {
                    return;
                }
                boolean passed = error == null && response.statusCode() >= 200 && response.statusCode() < 300;
                String detail = error == null ? "HTTP " + response.statusCode() : describe(error);
                HealthVerdict verdict;
                synchronized (tracker) {
                    verdict = tracker.onProbe(Instant.now(), passed, detail);
                }
                if (verdict.change() != null) {
                    try {
                        listener.onHealth(verdict.change(), verdict.message());
                    } catch (RuntimeException e) {
                        LOG.warn("health listener failed for {}: {}", uri, e.toString());
                    }
                }
                schedule(verdict.nextProbe());
            });
        }
    }

    private static String describe(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof HttpConnectTimeoutException || cause instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
