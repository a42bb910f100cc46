package dev.plinth.logger;

import dev.plinth.contracts.events.LogRecord;
import dev.plinth.contracts.events.LogRecord.SourceKind;
import dev.plinth.kit.errors.ApiError;
import dev.plinth.kit.net.FreePorts;
import dev.plinth.logger.api.LogPage;
import dev.plinth.logger.ingest.IngestionStats;
import dev.plinth.testkit.mongo.InProcessMongo;
import dev.plinth.testkit.wait.Waits;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * MongoDB goes away and comes back: lines published meanwhile wait in Kafka and are stored once it
 * is back; searches answer 503 while it is away; ingestion health says DOWN, then UP.
 */
@MicronautTest(environments = {"plinth", "logger"}, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestionOutageTest implements TestPropertyProvider {

    private final int mongoPort = FreePorts.next();
    private InProcessMongo mongo = InProcessMongo.startOn(mongoPort);
    private final String admin = TestServers.token("root", "ADMIN");

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    IngestionStats stats;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestServers.get().loggerProperties("logger-outage-test"));
        // Its own MongoDB, which this test stops; fail fast while it is away.
        properties.put("plinth.mongodb.uri", "mongodb://127.0.0.1:" + mongoPort + "/logger-outage-test?serverSelectionTimeoutMS=1500");
        return properties;
    }

    @AfterAll
    void stopMongo() {
        if (mongo != null) {
            mongo.close();
        }
    }

    private LogPage search(String app) {
        return http.toBlocking().retrieve(HttpRequest.GET("/api/logs?app=" + app).bearerAuth(admin), LogPage.class);
    }

    private static void await(String what, BooleanSupplier condition) {
        Waits.untilTrue(what, Duration.ofSeconds(45), condition, () -> "not yet");
    }

    private static LogRecord line(String app, String message) {
        return new LogRecord(Instant.now(), SourceKind.INSTANCE, app + "-i1", app, app + "-i1", "node-1", "INFO", message);
    }

    @Test
    void linesPublishedWhileMongoIsAwayAreStoredWhenItIsBack() throws InterruptedException {
        String app = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        TestServers.get().publish(List.of(line(app, "before")));
        await("the first line stored", () -> search(app).records().size() == 1);

        mongo.close();
        TestServers.get().publish(List.of(line(app, "during the outage")));
        await("ingestion reporting the failure", () -> stats.failure() != null);
        HttpClientResponseException unavailable = assertThrows(HttpClientResponseException.class, () -> search(app));
        assertEquals(HttpStatus.SERVICE_UNAVAILABLE, unavailable.getStatus());
        assertEquals("the log store is unavailable; try again shortly",
                unavailable.getResponse().getBody(ApiError.class).orElseThrow().message());

        // A new, empty server on the same port: the line kept in Kafka must arrive in it.
        mongo = InProcessMongo.startOn(mongoPort);
        await("the line from the outage stored", () -> {
            try {
                return search(app).records().stream().anyMatch(r -> r.message().equals("during the outage"));
            } catch (HttpClientResponseException stillDown) {
                return false;
            }
        });
        assertEquals(null, stats.failure());
    }
}
