package dev.plinth.logger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.plinth.contracts.events.LogRecord.SourceKind;
import dev.plinth.contracts.state.Collections;
import dev.plinth.logger.store.LogIndexes;
import dev.plinth.logger.store.LogLevel;
import dev.plinth.logger.store.LogStore;
import dev.plinth.logger.store.StoredLog;
import dev.plinth.testkit.wait.Waits;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention with a real context: the TTL index carries the configured retention, and lines older
 * than it go. The embedded MongoDB keeps TTL indexes without running them, so the logger's own
 * sweep must remove the lines; on a real MongoDB both would.
 */
@MicronautTest(environments = {"plinth", "logger"}, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetentionTest implements TestPropertyProvider {

    private static final String DATABASE = "logger-retention-test";

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestServers.get().loggerProperties(DATABASE));
        properties.put("plinth.logs.retention", "1h");
        properties.put("plinth.logs.sweep-interval", "1s");
        return properties;
    }

    private static MongoCollection<Document> logs() {
        return TestServers.get().database(DATABASE).getCollection(Collections.LOGS);
    }

    private static void await(String what, BooleanSupplier condition) {
        Waits.untilTrue(what, Duration.ofSeconds(20), condition, () -> "not yet");
    }

    private static Long ttlSeconds() {
        for (Document index : logs().listIndexes()) {
            if (LogIndexes.TTL_INDEX.equals(index.getString("name"))) {
                return index.get("expireAfterSeconds", Number.class).longValue();
            }
        }
        return null;
    }

    @Test
    void theTtlIndexExpiresLinesAfterTheConfiguredRetention() throws InterruptedException {
        await("the TTL index", () -> ttlSeconds() != null);

        assertEquals(3600L, ttlSeconds());
    }

    @Test
    void linesOlderThanTheRetentionDisappear() throws InterruptedException {
        Instant now = Instant.now();
        logs().insertOne(line("old", now.minus(Duration.ofMinutes(61))).toDocument());
        logs().insertOne(line("recent", now.minus(Duration.ofMinutes(59))).toDocument());

        await("removal of the line older than an hour", () -> logs().countDocuments(Filters.eq("_id", "old")) == 0);

        assertEquals(1, logs().countDocuments(Filters.eq("_id", "recent")), "a line within the retention stays");
        assertTrue(logs().countDocuments() >= 1);
    }

    private static StoredLog line(String id, Instant time) {
        return new StoredLog(id, time, SourceKind.SUBSYSTEM, "deployer", null, null, null, LogLevel.INFO, "line " + id, time);
    }
}
