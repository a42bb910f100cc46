package dev.plinth.logger;

import ch.qos.logback.classic.LoggerContext;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import dev.plinth.contracts.events.LogRecord;
import dev.plinth.contracts.events.LogRecord.SourceKind;
import dev.plinth.contracts.state.AppDocument;
import dev.plinth.contracts.state.Collections;
import dev.plinth.kit.errors.ApiError;
import dev.plinth.kit.logging.KafkaLogAppender;
import dev.plinth.logger.api.LogPage;
import dev.plinth.logger.api.LogRecordView;
import dev.plinth.testkit.wait.Waits;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.MDC;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The logger subsystem end to end: records published on a real Kafka broker are stored in MongoDB
 * and found through the HTTP API, by admins and developers, page by page and live.
 */
@MicronautTest(environments = {"plinth", "logger"}, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoggerApiTest implements TestPropertyProvider {

    private static final String DATABASE = "logger-api-test";
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Makes this class's names unique, so its lines never mix with another run's. */
    private final String s = HexFormat.of().formatHex(randomBytes());
    /** The marker in the messages of the shared fixture's lines (other tests' lines carry others). */
    private final String fx = "fx-" + s;
    private final String alpha = "alpha-" + s;
    private final String beta = "beta-" + s;
    private final String ada = "ada-" + s;
    private final String bob = "bob-" + s;
    private final String node1 = "n1-" + s;
    private final String node2 = "n2-" + s;
    private final String subsystem = "sub-" + s;
    private final Instant t0 = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    private final String admin = TestServers.token("root-" + s, "ADMIN");

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    private boolean fixturePublished;

    private static byte[] randomBytes() {
        byte[] bytes = new byte[3];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    @Override
    public Map<String, String> getProperties() {
        return TestServers.get().loggerProperties(DATABASE);
    }

    private LogRecord fixtureLine(int second, String app, String instance, String node, String level, String message) {
        return new LogRecord(t0.plusSeconds(second), SourceKind.INSTANCE, instance, app, instance, node, level, message + " [" + fx + "]");
    }

    private LogRecord instanceLine(int second, String app, String instance, String node, String level, String message) {
        return new LogRecord(t0.plusSeconds(second), SourceKind.INSTANCE, instance, app, instance, node, level, message);
    }

    /** Two apps of two developers, a subsystem and an agent; published once per class. */
    private synchronized void fixture() {
        if (fixturePublished) {
            return;
        }
        MongoCollection<Document> apps = TestServers.get().database(DATABASE).getCollection(Collections.APPS);
        apps.replaceOne(new Document(AppDocument.ID, alpha), new Document(AppDocument.OWNER, ada), new ReplaceOptions().upsert(true));
        apps.replaceOne(new Document(AppDocument.ID, beta), new Document(AppDocument.OWNER, bob), new ReplaceOptions().upsert(true));
        TestServers.get().publish(List.of(
                fixtureLine(1, alpha, alpha + "-i1", node1, "INFO", "started on port 21000"),
                fixtureLine(2, alpha, alpha + "-i1", node1, "WARN", "speed a.*b( over the limit"),
                fixtureLine(3, alpha, alpha + "-i2", node2, "ERROR", "crashed with aXXb( in the trace"),
                fixtureLine(4, alpha, alpha + "-i2", node2, "DEBUG", "tick"),
                fixtureLine(5, beta, beta + "-i1", node1, "ERROR", "beta failed"),
                new LogRecord(t0.plusSeconds(6), SourceKind.SUBSYSTEM, subsystem, null, null, null, "ERROR", "rollout of alpha failed [" + fx + "]"),
                new LogRecord(t0.plusSeconds(7), SourceKind.AGENT, node1, null, null, node1, "WARN", "disk almost full [" + fx + "]")));
        LogPage all = awaitSearch(admin, "q=" + fx, page -> page.records().size() == 7);
        assertEquals(7, all.records().size(), "every published line is stored: " + all.records());
        fixturePublished = true;
    }

    private static String query(String... pairs) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            parts.add(pairs[i] + "=" + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return String.join("&", parts);
    }

    private LogPage search(String token, String query) {
        return http.toBlocking().retrieve(HttpRequest.GET("/api/logs?" + query).bearerAuth(token), LogPage.class);
    }

    /** Searches until the answer satisfies the condition or the wait is over; returns the last answer. */
    private LogPage awaitSearch(String token, String query, Predicate<LogPage> done) {
        AtomicReference<LogPage> last = new AtomicReference<>();
        return Waits.until("a search for " + query + " to answer as expected", WAIT, () -> {
            LogPage page = search(token, query);
            last.set(page);
            return done.test(page) ? page : null;
        }, () -> "the last answer: " + last.get());
    }

    private List<String> messages(LogPage page) {
        return page.records().stream().map(r -> r.message().replace(" [" + fx + "]", "")).toList();
    }

    private HttpClientResponseException refused(String token, String query) {
        MutableHttpRequest<Object> request = HttpRequest.GET("/api/logs?" + query);
        if (token != null) {
            request.bearerAuth(token);
        }
        return assertThrows(HttpClientResponseException.class, () -> http.toBlocking().exchange(request, LogPage.class));
    }

    @Test
    void findsPublishedLinesByEveryFilterNewestFirst() {
        fixture();

        assertEquals(List.of("tick", "crashed with aXXb( in the trace", "speed a.*b( over the limit", "started on port 21000"),
                messages(search(admin, query("app", alpha, "q", fx))));
        assertEquals(List.of("speed a.*b( over the limit", "started on port 21000"),
                messages(search(admin, query("instance", alpha + "-i1", "q", fx))));
        assertEquals(List.of("disk almost full", "beta failed", "speed a.*b( over the limit", "started on port 21000"),
                messages(search(admin, query("node", node1, "q", fx))));
        assertEquals(List.of("rollout of alpha failed"), messages(search(admin, query("subsystem", subsystem, "q", fx))));
        assertEquals(List.of("disk almost full"), messages(search(admin, query("subsystem", node1, "q", fx))), "an agent by its node");
        assertEquals(List.of("disk almost full", "rollout of alpha failed", "beta failed", "crashed with aXXb( in the trace", "speed a.*b( over the limit"),
                messages(search(admin, query("level", "WARN", "q", fx))));
        assertEquals(List.of("rollout of alpha failed", "beta failed", "crashed with aXXb( in the trace"),
                messages(search(admin, query("level", "error", "q", fx))));
        assertEquals(List.of("tick", "crashed with aXXb( in the trace", "speed a.*b( over the limit"),
                messages(search(admin, query("from", t0.plusSeconds(2).toString(), "to", t0.plusSeconds(5).toString(), "q", fx))));
    }

    @Test
    void theTextFilterMatchesRegexMetacharactersLiterallyIgnoringCase() {
        fixture();

        assertEquals(List.of("speed a.*b( over the limit"), messages(search(admin, query("app", alpha, "q", "a.*b("))));
        assertEquals(List.of("speed a.*b( over the limit"), messages(search(admin, query("app", alpha, "q", "A.*B( OVER"))));
        assertEquals(List.of(), messages(search(admin, query("app", alpha, "q", "[a-z]+"))));
        assertEquals(List.of(), messages(search(admin, query("app", alpha, "q", "\\E.*"))));
    }

    @Test
    void answersWithTheLineAsStored() {
        fixture();

        LogRecordView line = search(admin, query("instance", alpha + "-i1", "level", "WARN")).records().get(0);

        assertEquals(t0.plusSeconds(2), line.time());
        assertEquals(SourceKind.INSTANCE, line.sourceKind());
        assertEquals(alpha + "-i1", line.sourceName());
        assertEquals(alpha, line.app());
        assertEquals(node1, line.nodeId());
        assertEquals("WARN", line.level());
        assertNotNull(line.id());
        assertTrue(!line.receivedAt().isBefore(line.time()));
    }

    @Test
    void pagesThroughManyLinesWithACursor() {
        String app = "gamma-" + s;
        List<LogRecord> lines = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            // Pairs share a second: the cursor must not skip or repeat lines of one instant.
            lines.add(instanceLine(i / 2, app, app + "-i1", node1, "INFO", "line " + i));
        }
        TestServers.get().publish(lines);
        awaitSearch(admin, query("app", app, "limit", "1000"), page -> page.records().size() == 25);

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String next = null;
        do {
            LogPage page = search(admin, next == null ? query("app", app, "limit", "10") : query("app", app, "limit", "10", "before", next));
            pageSizes.add(page.records().size());
            page.records().forEach(r -> seen.add(r.id()));
            next = page.next();
        } while (next != null && pageSizes.size() < 10);

        assertEquals(List.of(10, 10, 5), pageSizes);
        assertEquals(25, seen.stream().distinct().count());
        List<String> all = search(admin, query("app", app, "limit", "1000")).records().stream().map(LogRecordView::id).toList();
        assertEquals(all, seen, "pages in order are the whole list, newest first");
        assertNull(search(admin, query("app", app, "limit", "25")).next(), "no next page when everything fits");
    }

    @Test
    void theNextFieldIsNullOnTheLastPageNotMissing() throws IOException {
        fixture();

        String body = http.toBlocking().retrieve(HttpRequest.GET("/api/logs?" + query("app", beta)).bearerAuth(admin), String.class);

        assertTrue(body.contains("\"next\":null"), body);
    }

    @Test
    void aDeveloperSeesOnlyTheirOwnAppsAndAnotherDevelopersAppLooksMissing() {
        fixture();
        String adaToken = TestServers.token(ada, "DEVELOPER");

        assertEquals(List.of("tick", "crashed with aXXb( in the trace", "speed a.*b( over the limit", "started on port 21000"),
                messages(search(adaToken, query("q", fx))));
        assertEquals(List.of("speed a.*b( over the limit", "started on port 21000"), messages(search(adaToken, query("node", node1, "q", fx))));
        assertEquals(List.of(), messages(search(adaToken, query("instance", beta + "-i1", "q", fx))));
        assertEquals(List.of("beta failed"), messages(search(TestServers.token(bob, "DEVELOPER"), query("q", fx))));
        assertEquals(List.of(), messages(search(TestServers.token("carol-" + s, "DEVELOPER"), query("q", fx))));

        HttpClientResponseException others = refused(adaToken, query("app", beta));
        HttpClientResponseException missing = refused(adaToken, query("app", "nope-" + s));
        assertEquals(HttpStatus.NOT_FOUND, others.getStatus());
        assertEquals(HttpStatus.NOT_FOUND, missing.getStatus());
        assertEquals("no app named '" + beta + "'", others.getResponse().getBody(ApiError.class).orElseThrow().message());
        assertEquals("no app named 'nope-" + s + "'", missing.getResponse().getBody(ApiError.class).orElseThrow().message());

        assertEquals(HttpStatus.FORBIDDEN, refused(adaToken, query("subsystem", subsystem, "q", fx)).getStatus());
    }

    @Test
    void anAppNameTakenAfterADeleteShowsNothingOfTheEarlierApp() {
        String reused = "reused-" + s;
        // Developers of their own, so no earlier answer about their apps is cached.
        String dora = "dora-" + s;
        String carl = "carl-" + s;
        String marker = "reuse-" + s;
        MongoCollection<Document> apps = TestServers.get().database(DATABASE).getCollection(Collections.APPS);
        apps.replaceOne(new Document(AppDocument.ID, reused), new Document(AppDocument.OWNER, dora).append(AppDocument.CREATED_AT,
                java.util.Date.from(Instant.now().minus(1, ChronoUnit.HOURS))), new ReplaceOptions().upsert(true));
        TestServers.get().publish(List.of(instanceLine(1, reused, reused + "-i1", node1, "INFO", "dora's secret " + marker)));
        String doraToken = TestServers.token(dora, "DEVELOPER");
        assertEquals(1, awaitSearch(doraToken, query("app", reused, "q", marker), page -> page.records().size() == 1).records().size());

        // Dora deletes the app (once its instances have ended); carl uploads one of the same name
        // (app-controller writes a new record).
        Instant carlsApp = Instant.now();
        Instant dorasLastLine = carlsApp.minusMillis(50);
        apps.replaceOne(new Document("_id", reused), new Document("owner", carl).append("createdAt", java.util.Date.from(carlsApp)),
                new ReplaceOptions().upsert(true));
        String carlToken = TestServers.token(carl, "DEVELOPER");
        assertEquals(List.of(), search(carlToken, query("app", reused, "q", marker)).records());
        assertEquals(List.of(), search(carlToken, query("q", marker)).records());

        // A last line of dora's instance, written before carl's app existed, arrives only now.
        TestServers.get().publish(List.of(new LogRecord(dorasLastLine, SourceKind.INSTANCE, reused + "-i1", reused, reused + "-i1",
                node1, "INFO", "dora's late line " + marker)));
        awaitSearch(admin, query("app", reused, "q", "dora's late line"), page -> page.records().size() == 1);
        assertEquals(List.of(), search(carlToken, query("app", reused, "q", marker)).records(), "a late line of dora's instance");

        TestServers.get().publish(List.of(new LogRecord(Instant.now(), SourceKind.INSTANCE, reused + "-i9", reused, reused + "-i9",
                node1, "INFO", "carl's line " + marker)));
        LogPage carls = awaitSearch(carlToken, query("app", reused, "q", marker), page -> !page.records().isEmpty());
        assertEquals(List.of("carl's line " + marker), carls.records().stream().map(LogRecordView::message).toList());
        assertEquals(3, awaitSearch(admin, query("app", reused, "q", marker), page -> page.records().size() == 3).records().size(),
                "admins still see them all");
    }

    @Test
    void adminsSeeEverything() {
        fixture();

        assertEquals(7, search(admin, query("q", fx)).records().size());
        assertEquals(List.of("beta failed"), messages(search(admin, query("app", beta, "q", fx))));
    }

    @Test
    void refusesCallersWithoutTheRightRole() {
        assertEquals(HttpStatus.UNAUTHORIZED, refused(null, "").getStatus());
        assertEquals(HttpStatus.FORBIDDEN, refused(TestServers.token("svc", "SERVICE"), "").getStatus());
        assertEquals(HttpStatus.UNAUTHORIZED, refused(TestServers.token("x", "ADMIN") + "tampered", "").getStatus());
    }

    @Test
    void invalidFiltersAnswer400WithEveryProblem() {
        HttpClientResponseException refused = refused(admin, query("level", "LOUD", "limit", "0", "from", "soon"));

        assertEquals(HttpStatus.BAD_REQUEST, refused.getStatus());
        ApiError error = refused.getResponse().getBody(ApiError.class).orElseThrow();
        assertEquals(List.of("level", "from", "limit"), error.problems().stream().map(p -> p.path()).toList());
    }

    @Test
    void skipsUnreadableRecordsAndKeepsIngesting() {
        TestServers.get().publishRaw("broken", "this is not JSON");
        TestServers.get().publishRaw("broken", "{\"time\":\"2025-01-01T00:00:00Z\",\"level\":\"INFO\",\"message\":\"no source\"}");
        String app = "delta-" + s;
        TestServers.get().publish(List.of(instanceLine(1, app, app + "-i1", node1, "INFO", "after the broken ones")));

        LogPage page = awaitSearch(admin, query("app", app), p -> !p.records().isEmpty());

        assertEquals(List.of("after the broken ones"), messages(page));
        Map<String, Object> ingestion = ingestionHealth();
        assertTrue(((Number) ingestion.get("rejected")).longValue() >= 2, ingestion.toString());
    }

    @Test
    void reportsIngestionInTheHealthDetails() {
        fixture();

        Map<String, Object> ingestion = ingestionHealth();

        assertNotEquals("never", ingestion.get("lastBatchAt"));
        assertTrue(((Number) ingestion.get("stored")).longValue() >= 7, ingestion.toString());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> ingestionHealth() {
        String body;
        try {
            body = http.toBlocking().retrieve(HttpRequest.GET("/health").bearerAuth(admin), String.class);
        } catch (HttpClientResponseException e) {
            body = e.getResponse().getBody(String.class).orElse("");
        }
        try {
            Map<String, Object> health = json.readValue(body, Argument.mapOf(String.class, Object.class));
            Map<String, Object> details = (Map<String, Object>) health.get("details");
            Map<String, Object> ingestion = (Map<String, Object>) details.get("log-ingestion");
            assertEquals("UP", ingestion.get("status"), body);
            return (Map<String, Object>) ingestion.get("details");
        } catch (IOException e) {
            throw new AssertionError("health is not JSON: " + body, e);
        }
    }

    @Test
    void shipsThePlatformsOwnLogLinesThroughTheAppender() {
        LoggerContext loggers = new LoggerContext();
        loggers.setMDCAdapter(MDC.getMDCAdapter());
        loggers.start();
        KafkaLogAppender appender = new KafkaLogAppender();
        appender.setContext(loggers);
        appender.setBootstrapServers(TestServers.get().kafkaBootstrap());
        appender.start();
        loggers.getLogger(ch.qos.logback.classic.Logger.ROOT_LOGGER_NAME).addAppender(appender);
        try {
            loggers.getLogger("dev.plinth.deployer.Reconciler").warn("shipped by the appender {}", s);
            loggers.getLogger("dev.plinth.deployer.Reconciler").debug("below the threshold {}", s);

            LogPage page = awaitSearch(admin, query("subsystem", "deployer", "q", "appender " + s), p -> !p.records().isEmpty());

            assertEquals(1, page.records().size(), page.records().toString());
            LogRecordView line = page.records().get(0);
            assertEquals("shipped by the appender " + s, line.message());
            assertEquals(SourceKind.SUBSYSTEM, line.sourceKind());
            assertEquals("WARN", line.level());
        } finally {
            appender.stop();
            loggers.stop();
        }
        assertEquals(0, appender.dropped());
    }

    @Test
    void theLiveTailDeliversNewMatchingLinesOnly() throws Exception {
        fixture();
        String adaToken = TestServers.token(ada, "DEVELOPER");
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.getPort() + "/api/logs/tail?level=INFO"))
                .header("Authorization", "Bearer " + adaToken)
                .header("Accept", "text/event-stream")
                .build();
        java.net.http.HttpResponse<Stream<String>> response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> response.body().forEach(received::add), "tail-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            // The keep-alive comes at once: from then on the tail is subscribed.
            awaitLine(received, line -> line.startsWith(": keep-alive"));

            TestServers.get().publish(List.of(
                    instanceLine(30, beta, beta + "-i9", node1, "ERROR", "not ada's"),
                    new LogRecord(Instant.now(), SourceKind.SUBSYSTEM, subsystem, null, null, null, "ERROR", "platform only"),
                    instanceLine(31, alpha, alpha + "-i9", node1, "DEBUG", "below the level"),
                    instanceLine(32, alpha, alpha + "-i9", node1, "INFO", "live and visible")));

            String data = awaitLine(received, line -> line.startsWith("data:") && line.contains("live and visible"));
            LogRecordView view = json.readValue(data.substring("data:".length()).trim(), LogRecordView.class);
            assertEquals(alpha, view.app());
            assertEquals("INFO", view.level());
            // Whatever else arrived by now must have been ada's and at INFO or above.
            for (String line : received) {
                assertTrue(!line.contains("not ada's") && !line.contains("platform only") && !line.contains("below the level"), line);
            }
        } finally {
            response.body().close();
            reader.interrupt();
        }
    }

    @Test
    void aDeveloperCannotTailAnotherDevelopersApp() throws Exception {
        fixture();
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + "/api/logs/tail?app=" + beta))
                        .header("Authorization", "Bearer " + TestServers.token(ada, "DEVELOPER"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertEquals(404, response.statusCode(), response.body());
        assertTrue(response.body().contains("no app named"), response.body());
    }

    private static String awaitLine(BlockingQueue<String> lines, Predicate<String> wanted) {
        List<String> seen = new ArrayList<>();
        return Waits.until("the tail to send the expected line", WAIT, () -> {
            for (String line = lines.poll(); line != null; line = lines.poll()) {
                seen.add(line);
                if (wanted.test(line)) {
                    return line;
                }
            }
            return null;
        }, () -> "it sent " + seen);
    }
}
