package dev.plinth.logger.store;

import com.mongodb.client.MongoCollection;
import dev.plinth.contracts.events.LogRecord.SourceKind;
import dev.plinth.testkit.mongo.InProcessMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store against a MongoDB wire server: queries agree with {@link LogFilter#matches}, paging, duplicates, indexes. */
class LogStoreTest {

    private static final Instant T0 = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    private InProcessMongo mongo;
    private LogStore store;

    @BeforeEach
    void start() {
        mongo = InProcessMongo.start();
        store = new LogStore(mongo.database("logger-store-test"));
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    private static StoredLog line(String id, int second, SourceKind kind, String source, String app, String instance,
                                  String node, LogLevel level, String message) {
        return new StoredLog(id, T0.plusSeconds(second), kind, source, app, instance, node, level, message, T0.plusSeconds(second + 1));
    }

    private static List<StoredLog> fixture() {
        return List.of(
                line("1", 1, SourceKind.SUBSYSTEM, "deployer", null, null, null, LogLevel.INFO, "rolled out speed-alert"),
                line("2", 2, SourceKind.SUBSYSTEM, "deployer", null, null, null, LogLevel.ERROR, "rollout FAILED"),
                line("3", 3, SourceKind.AGENT, "node-1", null, null, "node-1", LogLevel.WARN, "disk almost full"),
                line("4", 4, SourceKind.INSTANCE, "speed-alert-a", "speed-alert", "speed-alert-a", "node-1", LogLevel.INFO, "speed 91 > a.*b( limit"),
                line("5", 5, SourceKind.INSTANCE, "speed-alert-a", "speed-alert", "speed-alert-a", "node-1", LogLevel.ERROR, "crashed: aXXb( here"),
                line("6", 6, SourceKind.INSTANCE, "speed-alert-b", "speed-alert", "speed-alert-b", "node-2", LogLevel.DEBUG, "tick"),
                line("7", 7, SourceKind.INSTANCE, "weather-x", "weather", "weather-x", "node-2", LogLevel.WARN, "Sensor A.*B( offline"),
                // An instance whose name equals a subsystem's must not pass for that subsystem.
                line("8", 8, SourceKind.INSTANCE, "deployer", "deployer-app", "deployer", "node-2", LogLevel.INFO, "not the subsystem"),
                line("9", 9, SourceKind.SUBSYSTEM, "logger", null, null, null, LogLevel.TRACE, "trace line"));
    }

    @Test
    void everyFilterFindsWhatItsPredicateAccepts() {
        List<StoredLog> lines = fixture();
        store.insert(lines);
        Map<LogFilter, List<String>> cases = new HashMap<>();
        cases.put(LogFilter.everything(), List.of("9", "8", "7", "6", "5", "4", "3", "2", "1"));
        cases.put(new LogFilter("speed-alert", null, null, null, null, null, null, null, null), List.of("6", "5", "4"));
        cases.put(new LogFilter(null, "speed-alert-a", null, null, null, null, null, null, null), List.of("5", "4"));
        cases.put(new LogFilter(null, null, "node-1", null, null, null, null, null, null), List.of("5", "4", "3"));
        cases.put(new LogFilter(null, null, null, "deployer", null, null, null, null, null), List.of("2", "1"));
        cases.put(new LogFilter(null, null, null, "node-1", null, null, null, null, null), List.of("3"));
        cases.put(new LogFilter(null, null, null, null, LogLevel.WARN, null, null, null, null), List.of("7", "5", "3", "2"));
        cases.put(new LogFilter(null, null, null, null, LogLevel.ERROR, null, null, null, null), List.of("5", "2"));
        cases.put(new LogFilter(null, null, null, null, LogLevel.TRACE, null, null, null, null), List.of("9", "8", "7", "6", "5", "4", "3", "2", "1"));
        cases.put(new LogFilter(null, null, null, null, null, T0.plusSeconds(3), T0.plusSeconds(6), null, null), List.of("5", "4", "3"));
        cases.put(new LogFilter(null, null, null, null, null, null, null, "a.*b(", null), List.of("7", "4"));
        cases.put(new LogFilter(null, null, null, null, null, null, null, "failed", null), List.of("2"));
        cases.put(new LogFilter(null, null, null, null, null, null, null, "[", null), List.of());
        cases.put(new LogFilter(null, null, null, null, null, null, null, null, Map.of("weather", Instant.EPOCH, "speed-alert", Instant.EPOCH)),
                List.of("7", "6", "5", "4"));
        cases.put(new LogFilter(null, null, null, null, null, null, null, null, Map.of()), List.of());
        cases.put(new LogFilter("speed-alert", null, null, null, LogLevel.INFO, null, null, "SPEED", Map.of("speed-alert", Instant.EPOCH)), List.of("4"));

        for (Map.Entry<LogFilter, List<String>> c : cases.entrySet()) {
            List<String> found = store.find(c.getKey(), null, 100).stream().map(StoredLog::id).toList();
            List<String> accepted = lines.stream().filter(c.getKey()::matches)
                    .sorted(Comparator.comparing(StoredLog::time).reversed()).map(StoredLog::id).toList();
            assertEquals(c.getValue(), found, "query of " + c.getKey());
            assertEquals(c.getValue(), accepted, "predicate of " + c.getKey());
        }
    }

    @Test
    void pagesNewestFirstWithoutGapsOrRepeatsWhenLinesShareATime() {
        List<StoredLog> lines = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            // Three lines per second: the cursor must break ties by id.
            lines.add(line(String.format("p-%02d", i), i / 3, SourceKind.INSTANCE, "app-1", "app", "app-1", "node-1", LogLevel.INFO, "line " + i));
        }
        store.insert(lines);

        List<String> seen = new ArrayList<>();
        LogCursor cursor = null;
        int pages = 0;
        do {
            List<StoredLog> page = store.find(LogFilter.everything(), cursor, 10);
            page.forEach(l -> seen.add(l.id()));
            cursor = page.size() == 10 ? LogCursor.after(page.get(9)) : null;
            pages++;
        } while (cursor != null && pages < 10);

        List<String> expected = lines.stream()
                .sorted(Comparator.comparing(StoredLog::time).thenComparing(StoredLog::id).reversed())
                .map(StoredLog::id).toList();
        assertEquals(expected, seen);
    }

    @Test
    void aBatchDeliveredTwiceIsStoredOnce() {
        List<StoredLog> lines = fixture();
        store.insert(lines.subList(0, 4));

        LogStore.Inserted again = store.insert(lines);

        assertEquals(4, again.duplicates());
        assertEquals(0, again.rejected());
        assertEquals(lines.subList(4, lines.size()), again.stored());
        assertEquals(lines.size(), store.collection().countDocuments());
    }

    @Test
    void removesLinesOlderThanTheCutoff() {
        store.insert(fixture());

        long removed = store.deleteOlderThan(T0.plusSeconds(5));

        assertEquals(4, removed);
        assertEquals(List.of("9", "8", "7", "6", "5"), store.find(LogFilter.everything(), null, 100).stream().map(StoredLog::id).toList());
    }

    @Test
    void createsTheFilterIndexesAndRecreatesTheTtlIndexWhenTheRetentionChanges() {
        MongoCollection<Document> logs = store.collection();

        assertTrue(LogIndexes.ensure(logs, Duration.ofDays(7)));
        assertEquals(7 * 24 * 3600L, ttlSeconds(logs));
        assertFalse(LogIndexes.ensure(logs, Duration.ofDays(7)), "an index with the right expiry is kept");
        assertTrue(LogIndexes.ensure(logs, Duration.ofHours(1)));
        assertEquals(3600L, ttlSeconds(logs));

        List<String> names = new ArrayList<>();
        logs.listIndexes().forEach(i -> names.add(i.getString("name")));
        assertTrue(names.containsAll(List.of("app_time", "instanceId_time", "nodeId_time", "sourceName_time", "level_time", "time_ttl")), names.toString());
        assertEquals(1, names.stream().filter(LogIndexes.TTL_INDEX::equals).count());
    }

    @Test
    void replacesAPlainIndexOnTimeWithTheTtlIndex() {
        MongoCollection<Document> logs = store.collection();
        logs.createIndex(new Document("time", 1), new com.mongodb.client.model.IndexOptions().name("time_1"));

        assertTrue(LogIndexes.ensure(logs, Duration.ofDays(2)));

        List<String> names = new ArrayList<>();
        logs.listIndexes().forEach(i -> names.add(i.getString("name")));
        assertFalse(names.contains("time_1"), names.toString());
        assertEquals(2 * 24 * 3600L, ttlSeconds(logs));
    }

    private static Long ttlSeconds(MongoCollection<Document> logs) {
        for (Document index : logs.listIndexes()) {
            if (LogIndexes.TTL_INDEX.equals(index.getString("name"))) {
                return index.get("expireAfterSeconds", Number.class).longValue();
            }
        }
        return null;
    }

    @Test
    void cursorsSurviveTheTripThroughAClientAndRefuseGarbage() {
        LogCursor cursor = new LogCursor(T0.plusMillis(123), "3-1042-1718000000000");

        assertEquals(cursor, LogCursor.decode(cursor.encode()).orElseThrow());
        assertTrue(LogCursor.decode("not a cursor!").isEmpty());
        assertTrue(LogCursor.decode("").isEmpty());
        assertTrue(LogCursor.decode(java.util.Base64.getUrlEncoder().encodeToString("abc:1".getBytes())).isEmpty());
        assertNull(LogCursor.decode(java.util.Base64.getUrlEncoder().encodeToString("12:".getBytes())).orElse(null));
    }
}
