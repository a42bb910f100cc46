package dev.plinth.kit.mongo.embedded;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import dev.plinth.kit.net.FreePorts;
import io.micronaut.context.ApplicationContext;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded MongoDB wire server's backend, in memory (the tests') and in a file (the embedded
 * platform's): the driver sees client sessions, and Micronaut Data's repositories, which run every
 * operation in one, work against it in the database {@code plinth.mongodb.database} names.
 */
class EmbeddedMongoBackendTest {

    private static final String DATABASE = "kit-embedded";
    /** Where the test's entity is, as each subsystem names its documents' package in its settings. */
    private static final String PACKAGE = "dev.plinth.kit.mongo.embedded";

    @TempDir
    Path dir;

    private MongoServer server;
    private EmbeddedMongoBackend backend;
    private int port;

    @AfterEach
    void stop() {
        stopServer();
    }

    private String start(String where) {
        backend = where.equals("file") ? EmbeddedMongoBackend.inFile(dir.resolve("mongo.mv")) : EmbeddedMongoBackend.inMemory();
        server = new MongoServer(backend);
        port = port == 0 ? FreePorts.next() : port;
        server.bind("127.0.0.1", port);
        return "mongodb://127.0.0.1:" + port;
    }

    private void stopServer() {
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
        if (backend != null) {
            backend.close();
            backend = null;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "file"})
    void theDriverSeesSessionSupportAndRunsOperationsInASession(String where) {
        try (MongoClient client = MongoClients.create(start(where))) {
            MongoCollection<Document> tallies = client.getDatabase(DATABASE).getCollection("kit_tallies");
            tallies.countDocuments();
            assertEquals(EmbeddedMongoBackend.SESSION_TIMEOUT_MINUTES,
                    client.getClusterDescription().getLogicalSessionTimeoutMinutes());
            try (ClientSession session = client.startSession()) {
                tallies.insertOne(session, new Document("_id", "a").append("count", 1L));
                assertEquals(1, tallies.countDocuments(session));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "file"})
    void micronautDataRepositoriesWorkInThePlatformDatabase(String where) {
        String uri = start(where);
        Instant t = Instant.parse("2026-01-02T03:04:05Z");
        // The URI names no database: repositories must take plinth.mongodb.database, as the MongoDatabase bean does.
        try (ApplicationContext context = ApplicationContext.run(Map.of("mongodb.uri", uri, "plinth.mongodb.database", DATABASE, "mongodb.package-names", PACKAGE));
             MongoClient client = MongoClients.create(uri)) {
            TallyRepository repository = context.getBean(TallyRepository.class);
            repository.save(new Tally("a", 1, t));
            repository.save(new Tally("b", 5, t));

            assertEquals(1, repository.countOnce("a", 2, t.plusSeconds(60)));
            assertEquals(0, repository.countOnce("a", 2, t.plusSeconds(120)), "at the limit, the filter matches nothing");
            assertEquals(new Tally("a", 2, t.plusSeconds(60)), repository.findById("a").orElseThrow());
            assertEquals(List.of("b", "a"), repository.atLeast(2).stream().map(Tally::id).toList());

            Document stored = client.getDatabase(DATABASE).getCollection("kit_tallies").find(new Document("_id", "a")).first();
            assertEquals(new Document("_id", "a").append("count", 2L).append("lastAt", Date.from(t.plusSeconds(60))), stored,
                    "stored as the driver would write it: _id, a long and a BSON date");

            repository.deleteById("b");
            assertEquals(1, repository.count());
        }
    }

    @Test
    void whatARepositoryWroteToTheFileIsThereAfterARestart() {
        Instant t = Instant.parse("2026-01-02T03:04:05Z");
        try (ApplicationContext context = ApplicationContext.run(Map.of("mongodb.uri", start("file"), "plinth.mongodb.database", DATABASE, "mongodb.package-names", PACKAGE))) {
            context.getBean(TallyRepository.class).save(new Tally("kept", 3, t));
        }
        stopServer();
        try (ApplicationContext context = ApplicationContext.run(Map.of("mongodb.uri", start("file"), "plinth.mongodb.database", DATABASE, "mongodb.package-names", PACKAGE))) {
            assertTrue(context.getBean(TallyRepository.class).findById("kept").isPresent());
        }
    }
}
