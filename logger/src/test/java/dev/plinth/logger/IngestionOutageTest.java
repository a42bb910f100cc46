package dev.plinth.logger;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.plinth.contracts.events.LogRecord;
import dev.plinth.contracts.events.LogRecord.SourceKind;
import dev.plinth.kit.errors.ApiError;
import dev.plinth.logger.api.LogPage;
import dev.plinth.logger.ingest.IngestionStats;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
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

    private final int mongoPort = TestServers.freePort();
    private MongoServer mongo = startMongo();
    private final String admin = TestTokens.token("root", "ADMIN");

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    IngestionStats stats;

    private MongoServer startMongo() {
        MongoServer server = new MongoServer(H2Backend.inMemory());
        server.bind("127.0.0.1", mongoPort);
        return server;
    }

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
            mongo.shutdownNow();
        }
    }

    private LogPage search(String app) {
        return http.toBlocking().retrieve(HttpRequest.GET("/api/logs?app=" + app).bearerAuth(admin), LogPage.class);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(45);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + " did not happen within 45 s");
            }
            Thread.sleep(200);
        }
    }

    private static LogRecord line(String app, String message) {
        return new LogRecord(Instant.now(), SourceKind.INSTANCE, app + "-i1", app, app + "-i1", "node-1", "INFO", message);
    }

    @Test
    void linesPublishedWhileMongoIsAwayAreStoredWhenItIsBack() throws InterruptedException {
        String app = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        TestServers.get().publish(List.of(line(app, "before")));
        await("the first line stored", () -> search(app).records().size() == 1);

        mongo.shutdownNow();
        TestServers.get().publish(List.of(line(app, "during the outage")));
        await("ingestion reporting the failure", () -> stats.failure() != null);
        HttpClientResponseException unavailable = assertThrows(HttpClientResponseException.class, () -> search(app));
        assertEquals(HttpStatus.SERVICE_UNAVAILABLE, unavailable.getStatus());
        assertEquals("the log store is unavailable; try again shortly",
                unavailable.getResponse().getBody(ApiError.class).orElseThrow().message());

        // A new, empty server on the same port: the line kept in Kafka must arrive in it.
        mongo = startMongo();
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
