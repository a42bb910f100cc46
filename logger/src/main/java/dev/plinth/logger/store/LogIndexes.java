package dev.plinth.logger.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.plinth.logger.store.StoredLog.Fields;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The indexes of the {@code logs} collection: one per search filter, each with time descending so
 * a filtered page comes newest first from the index, and a TTL index on {@code time} that makes
 * MongoDB remove lines older than the retention.
 */
public final class LogIndexes {

    /** The TTL index's name. */
    public static final String TTL_INDEX = "time_ttl";

    /** Index name to keys, for the filters of the search API. */
    static final Map<String, Bson> FILTER_INDEXES = filterIndexes();

    private LogIndexes() {
    }

    private static Map<String, Bson> filterIndexes() {
        Map<String, Bson> indexes = new LinkedHashMap<>();
        for (String field : new String[]{Fields.APP, Fields.INSTANCE_ID, Fields.NODE_ID, Fields.SOURCE_NAME, Fields.LEVEL}) {
            indexes.put(field + "_time", Indexes.compoundIndex(Indexes.ascending(field), Indexes.descending(Fields.TIME)));
        }
        return indexes;
    }

    /**
     * Creates what is missing. A TTL index with another expiry than the retention (the setting
     * changed), or a plain index on {@code time} alone, is dropped and made again.
     *
     * @param logs      the collection
     * @param retention how long lines are kept
     * @return whether the TTL index was (re)created now
     */
    public static boolean ensure(MongoCollection<Document> logs, Duration retention) {
        long seconds = retention.toSeconds();
        boolean ttlCurrent = false;
        for (Document index : logs.listIndexes()) {
            Document key = index.get("key", Document.class);
            boolean onTimeAlone = key != null && key.size() == 1 && key.containsKey(Fields.TIME);
            if (!onTimeAlone) {
                continue;
            }
            Number expiry = index.get("expireAfterSeconds", Number.class);
            if (!ttlCurrent && TTL_INDEX.equals(index.getString("name")) && expiry != null && expiry.longValue() == seconds) {
                ttlCurrent = true;
            } else {
                logs.dropIndex(index.getString("name"));
            }
        }
        for (Map.Entry<String, Bson> index : FILTER_INDEXES.entrySet()) {
            logs.createIndex(index.getValue(), new IndexOptions().name(index.getKey()));
        }
        if (ttlCurrent) {
            return false;
        }
        logs.createIndex(Indexes.ascending(Fields.TIME), new IndexOptions().name(TTL_INDEX).expireAfter(seconds, TimeUnit.SECONDS));
        return true;
    }
}
