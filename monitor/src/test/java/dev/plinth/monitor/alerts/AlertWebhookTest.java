package dev.plinth.monitor.alerts;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import dev.plinth.contracts.events.Alert;
import dev.plinth.kit.net.FreePorts;
import dev.plinth.testkit.wait.Waits;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The webhook against a real HTTP server on loopback. */
class AlertWebhookTest {

    private static final JsonMapper JSON = JsonMapper.createDefault();

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final Queue<Received> received = new ConcurrentLinkedQueue<>();

    private record Received(String contentType, byte[] body) {
    }

    @AfterEach
    void close() throws Exception {
        Collections.reverse(closing);
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    /** A server on 127.0.0.1 answering each POST with the next status the supplier gives. */
    private URI server(IntSupplier status, CountDownLatch hold) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                received.add(new Received(exchange.getRequestHeaders().getFirst("Content-Type"), in.readAllBytes()));
            }
            if (hold != null) {
                try {
                    hold.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(status.getAsInt(), -1);
            exchange.close();
        });
        server.start();
        closing.add(() -> server.stop(0));
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    private AlertWebhook webhook(URI url, int attempts, int queue) {
        AlertSettings settings = new AlertSettings(Duration.ofDays(30), Duration.ofMinutes(10), url, attempts,
                Duration.ofMillis(20), Duration.ofMillis(80), Duration.ofSeconds(5), queue);
        AlertWebhook webhook = new AlertWebhook(settings, JSON);
        closing.add(webhook);
        return webhook;
    }

    private static StoredAlert alert(String id) {
        Instant at = Instant.parse("2026-11-22T12:00:00Z");
        return new StoredAlert(id, Alert.Kind.CRASH_LOOP, Alert.Severity.WARNING, "app/speed-alert", "speed-alert", "ada",
                "4 instance failures within 5 min", at, 1, at, false, null, null, null, null);
    }

    private static void await(String what, BooleanSupplier done) {
        Waits.untilTrue(what, Duration.ofSeconds(30), done, () -> "not yet");
    }

    @Test
    void postsTheAlertAsJsonAndRetriesUntilTheHookTakesIt() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        int[] answers = {500, 503, 204};
        AlertWebhook webhook = webhook(server(() -> answers[Math.min(calls.getAndIncrement(), 2)], null), 5, 10);

        assertTrue(webhook.submit(alert("a-1")));
        await("delivery", () -> webhook.delivered() == 1);

        assertEquals(2, webhook.failedAttempts());
        assertEquals(0, webhook.givenUp());
        assertEquals(3, received.size(), "one post per attempt");
        for (Received r : received) {
            assertEquals("application/json", r.contentType());
            AlertView view = JSON.readValue(r.body(), AlertView.class);
            assertEquals("a-1", view.id());
            assertEquals(Alert.Kind.CRASH_LOOP, view.kind());
            assertEquals("speed-alert", view.app());
            assertEquals(StoredAlert.Status.OPEN, view.status());
        }
    }

    @Test
    void givesUpAfterTheLastAttempt() throws Exception {
        AlertWebhook webhook = webhook(server(() -> 500, null), 3, 10);
        webhook.submit(alert("a-2"));
        await("giving up", () -> webhook.givenUp() == 1);
        assertEquals(3, webhook.failedAttempts());
        assertEquals(0, webhook.delivered());
        assertEquals(3, received.size());
    }

    @Test
    void aHookThatRefusesConnectionsIsRetriedAndGivenUp() throws Exception {
        URI closed = URI.create("http://127.0.0.1:" + FreePorts.next() + "/hook");
        AlertWebhook webhook = webhook(closed, 2, 10);
        webhook.submit(alert("a-3"));
        await("giving up", () -> webhook.givenUp() == 1);
        assertEquals(2, webhook.failedAttempts());
    }

    @Test
    void aFullQueueDropsNewAlertsWithoutWaiting() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        AlertWebhook webhook = webhook(server(() -> 200, hold), 1, 1);
        assertTrue(webhook.submit(alert("first")));
        assertFalse(webhook.submit(alert("second")), "the first one still waits for the hook");
        assertEquals(1, webhook.dropped());
        hold.countDown();
        await("the first delivery", () -> webhook.delivered() == 1);
        assertTrue(webhook.submit(alert("third")), "room again once the queue drained");
        await("the third delivery", () -> webhook.delivered() == 2);
    }

    @Test
    void aFullQueueIsLoggedOnceAndAgainWhenTheHookCaughtUp() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        AlertWebhook webhook = webhook(server(() -> 200, hold), 1, 2);
        Logger logger = (Logger) LoggerFactory.getLogger(AlertWebhook.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        closing.add(() -> logger.detachAppender(lines));

        assertTrue(webhook.submit(alert("first")));
        assertTrue(webhook.submit(alert("second")));
        assertFalse(webhook.submit(alert("third")));
        assertFalse(webhook.submit(alert("fourth")));
        hold.countDown();
        await("both deliveries", () -> webhook.delivered() == 2);

        assertEquals(List.of(
                "WARN new alerts are not posted to the webhook until it catches up: 2 alerts wait for it already",
                "INFO the alert webhook caught up; new alerts are posted again"),
                List.copyOf(lines.list).stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList());
    }

    @Test
    void withoutAUrlNothingIsSent() {
        AlertWebhook webhook = webhook(null, 3, 10);
        assertFalse(webhook.enabled());
        assertFalse(webhook.submit(alert("x")));
    }

    @ParameterizedTest(name = "after attempt {0} wait {1} ms")
    @CsvSource({"1, 20", "2, 40", "3, 80", "4, 80", "10, 80"})
    void backoffDoublesUpToItsCap(int attempt, long millis) {
        assertEquals(Duration.ofMillis(millis), webhook(null, 3, 10).backoff(attempt));
    }
}
