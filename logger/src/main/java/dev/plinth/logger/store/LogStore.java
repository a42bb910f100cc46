package dev.plinth.logger.store;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Sorts;
import dev.plinth.contracts.state.Collections;
import dev.plinth.logger.store.StoredLog.Fields;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The {@code logs} collection: batches in, filtered pages out, old lines removed. */
@Singleton
public class LogStore {

    private static final int DUPLICATE_KEY = 11000;

    private final MongoCollection<Document> logs;

    public LogStore(MongoDatabase database) {
        this.logs = database.getCollection(Collections.LOGS);
    }

    /** @return the collection, for index maintenance */
    MongoCollection<Document> collection() {
        return logs;
    }

    /**
     * What became of a batch.
     *
     * @param stored          the lines stored now
     * @param duplicates      lines stored before (a batch Kafka delivered again)
     * @param rejected        lines MongoDB refused for what they are; they are not retried
     * @param firstRejection  why the first refused line was refused, or null
     */
    public record Inserted(List<StoredLog> stored, int duplicates, int rejected, String firstRejection) {
    }

    /**
     * Stores a batch. Lines already stored (same id) are skipped, so a batch delivered twice is
     * stored once.
     *
     * @param batch the lines
     * @return what was stored
     * @throws com.mongodb.MongoException when MongoDB cannot be reached or fails as a whole; nothing
     *         should be considered stored then, and the batch should be tried again
     */
    public Inserted insert(List<StoredLog> batch) {
        if (batch.isEmpty()) {
            return new Inserted(List.of(), 0, 0, null);
        }
        List<Document> docs = batch.stream().map(StoredLog::toDocument).toList();
        try {
            logs.insertMany(docs, new InsertManyOptions().ordered(false));
            return new Inserted(batch, 0, 0, null);
        } catch (MongoBulkWriteException e) {
            if (e.getWriteConcernError() != null) {
                throw e;
            }
            Set<Integer> failed = new HashSet<>();
            int duplicates = 0;
            String firstRejection = null;
            for (BulkWriteError error : e.getWriteErrors()) {
                failed.add(error.getIndex());
                if (error.getCode() == DUPLICATE_KEY) {
                    duplicates++;
                } else if (firstRejection == null) {
                    firstRejection = error.getMessage();
                }
            }
            List<StoredLog> stored = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                if (!failed.contains(i)) {
                    stored.add(batch.get(i));
                }
            }
            return new Inserted(stored, duplicates, failed.size() - duplicates, firstRejection);
        }
    }

    /**
     * @param filter what to find
     * @param before where the previous page ended, or null for the newest lines
     * @param limit  how many lines at most
     * @return matching lines, newest first
     */
    public List<StoredLog> find(LogFilter filter, LogCursor before, int limit) {
        Bson query = before == null ? filter.toBson() : Filters.and(filter.toBson(), before.olderThan());
        List<StoredLog> found = new ArrayList<>(Math.min(limit, 1024));
        for (Document doc : logs.find(query).sort(Sorts.descending(Fields.TIME, "_id")).limit(limit)) {
            found.add(StoredLog.fromDocument(doc));
        }
        return found;
    }

    /**
     * @param cutoff lines written before this go
     * @return how many were removed
     */
    public long deleteOlderThan(Instant cutoff) {
        return logs.deleteMany(Filters.lt(Fields.TIME, Date.from(cutoff))).getDeletedCount();
    }
}
