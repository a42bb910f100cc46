package dev.plinth.monitor.alerts;

import dev.plinth.kit.control.Backoff;
import dev.plinth.kit.control.FailureLog;
import io.micronaut.json.JsonMapper;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * POSTs each new alert as JSON ({@link AlertView}) to {@code plinth.alerts.webhook-url}, when set.
 *
 * <p>Ingestion only hands the alert over: {@link #submit} puts it in a bounded queue and returns at
 * once, and one thread of its own delivers. An attempt that fails (no connection, a timeout, an
 * answer other than 2xx) is tried again after a backoff that doubles from
 * {@code webhook-backoff} up to {@code webhook-max-backoff}, at most {@code webhook-attempts}
 * times in all; then the alert is given up with a warning. When more alerts wait than
 * {@code webhook-queue}, new ones are dropped, with one warning until the queue drains. The alerts
 * themselves are in MongoDB either way.</p>
 */
@Singleton
public class AlertWebhook implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertWebhook.class);

    private final AlertSettings settings;
    private final JsonMapper json;
    private final HttpClient http;
    private final ScheduledExecutorService sender;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong givenUp = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final FailureLog overflow = new FailureLog(LOG, "new alerts are not posted to the webhook until it catches up",
            "the alert webhook caught up; new alerts are posted again");
    private final FailureLog failures = new FailureLog(LOG, "cannot post alerts to the webhook; retrying with backoff",
            "the alert webhook takes alerts again");
    private final Backoff backoff;

    public AlertWebhook(AlertSettings settings, JsonMapper json) {
        this.settings = settings;
        this.json = json;
        // Settings allow a zero wait (read as 1 ms) and a cap below the first wait (the cap wins).
        Duration cap = settings.webhookMaxBackoff().isZero() ? Duration.ofMillis(1) : settings.webhookMaxBackoff();
        Duration first = settings.webhookBackoff().isZero() ? Duration.ofMillis(1) : settings.webhookBackoff();
        this.backoff = Backoff.exponential(first.compareTo(cap) > 0 ? cap : first, cap);
        if (settings.webhookUrl() == null) {
            this.http = null;
            this.sender = null;
            return;
        }
        this.http = HttpClient.newBuilder().connectTimeout(settings.webhookTimeout()).build();
        this.sender = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "monitor-alert-webhook");
            thread.setDaemon(true);
            return thread;
        });
        LOG.info("new alerts are posted to {}", redacted(settings.webhookUrl()));
    }

    /** @return whether a webhook URL is set */
    public boolean enabled() {
        return sender != null;
    }

    /**
     * Queues a new alert for delivery; returns at once.
     *
     * @return false when no webhook is set or the queue is full (the alert is then not sent)
     */
    public boolean submit(StoredAlert alert) {
        if (sender == null) {
            return false;
        }
        if (waiting.incrementAndGet() > settings.webhookQueue()) {
            waiting.decrementAndGet();
            dropped.incrementAndGet();
            overflow.failed(settings.webhookQueue() + " alerts wait for it already");
            return false;
        }
        byte[] body;
        try {
            body = json.writeValueAsBytes(AlertView.of(alert));
        } catch (IOException e) {
            // Not the webhook's fault, and not worth holding up ingestion for: say so and move on.
            waiting.decrementAndGet();
            LOG.warn("cannot write alert {} as JSON for the webhook: {}", alert.id(), e.getMessage());
            return false;
        }
        return schedule(alert.id(), body, 1, Duration.ZERO);
    }

    private boolean schedule(String id, byte[] body, int attempt, Duration delay) {
        try {
            sender.schedule(() -> attempt(id, body, attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException e) {
            // Shutting down: the alert stays in MongoDB.
            waiting.decrementAndGet();
            return false;
        }
    }

    private void attempt(String id, byte[] body, int attempt) {
        String problem;
        try {
            HttpRequest request = HttpRequest.newBuilder(settings.webhookUrl())
                    .timeout(settings.webhookTimeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "plinth-monitor")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                done();
                delivered.incrementAndGet();
                failures.recovered();
                return;
            }
            problem = "it answered " + response.statusCode();
        } catch (IOException e) {
            problem = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done();
            return;
        }
        failedAttempts.incrementAndGet();
        failures.failed("alert " + id + ": " + problem);
        if (attempt >= settings.webhookAttempts()) {
            done();
            givenUp.incrementAndGet();
            LOG.warn("gave up posting alert {} to the webhook after {} attempts; the last: {}", id, attempt, problem);
            return;
        }
        schedule(id, body, attempt + 1, backoff(attempt));
    }

    /** The wait after a failed attempt number {@code attempt} (1 for the first). */
    Duration backoff(int attempt) {
        return backoff.delay(attempt);
    }

    private void done() {
        if (waiting.decrementAndGet() < settings.webhookQueue() / 2) {
            overflow.recovered();
        }
    }

    /** @return alerts the webhook accepted */
    public long delivered() {
        return delivered.get();
    }

    /** @return attempts that failed (each retried or given up) */
    public long failedAttempts() {
        return failedAttempts.get();
    }

    /** @return alerts given up after every attempt failed */
    public long givenUp() {
        return givenUp.get();
    }

    /** @return alerts not sent because the queue was full */
    public long dropped() {
        return dropped.get();
    }

    /** The URL without user information or query, which may hold a secret. */
    private static String redacted(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + url.getPath();
    }

    @Override
    @PreDestroy
    public void close() {
        if (sender != null) {
            sender.shutdownNow();
        }
    }
}
