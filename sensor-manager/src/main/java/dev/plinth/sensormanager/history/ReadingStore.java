package dev.plinth.sensormanager.history;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Sorts;
import dev.plinth.contracts.events.SensorReading;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code readings} collection: {@code {_id: readingId, sensorId, type, values, deviceTime,
 * receivedAt}}, written in batches, read by sensor and time, swept after the retention.
 */
@Singleton
public class ReadingStore {

    private final MongoCollection<Document> readings;

    public ReadingStore(MongoDatabase database) {
        this.readings = database.getCollection(dev.plinth.contracts.state.Collections.READINGS);
    }

    /** Creates the index reads use ({@code sensorId, receivedAt}); a real MongoDB needs it, the embedded one ignores it. */
    void ensureIndexes() {
        readings.createIndex(Indexes.ascending("sensorId", "receivedAt"), new IndexOptions().name("sensor_time"));
        readings.createIndex(Indexes.ascending("receivedAt"), new IndexOptions().name("received_at"));
    }

    /**
     * Stores readings; those stored before (same id, a batch Kafka delivered again) are skipped.
     *
     * @return how many were stored now
     * @throws com.mongodb.MongoException when MongoDB fails as a whole; nothing should be taken as stored
     */
    public int insert(List<SensorReading> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        List<Document> docs = new ArrayList<>(batch.size());
        for (SensorReading r : batch) {
            docs.add(new Document("_id", r.readingId())
                    .append("sensorId", r.sensorId())
                    .append("type", r.type())
                    .append("values", new Document(new LinkedHashMap<>(r.values())))
                    .append("deviceTime", r.deviceTime() == null ? null : Date.from(r.deviceTime()))
                    .append("receivedAt", Date.from(r.receivedAt())));
        }
        try {
            readings.insertMany(docs, new InsertManyOptions().ordered(false));
            return docs.size();
        } catch (MongoBulkWriteException e) {
            if (e.getWriteConcernError() != null) {
                throw e;
            }
            for (BulkWriteError error : e.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
            return docs.size() - e.getWriteErrors().size();
        }
    }

    /**
     * Readings of some sensors in a time window, oldest first. With {@code from}, the first
     * {@code limit} readings from it on (to page forward); without, the newest {@code limit} before
     * {@code to}.
     *
     * @param sensorsSince the sensors, each with the time its current registration began: readings
     *                     received before it belong to an earlier device of that id and are never
     *                     returned
     * @param from         inclusive, or null
     * @param to           exclusive, or null for now
     * @param limit        the most to return
     * @return the readings, oldest first
     */
    public List<SensorReading> find(Map<String, Instant> sensorsSince, @Nullable Instant from, @Nullable Instant to, int limit) {
        if (sensorsSince.isEmpty()) {
            return List.of();
        }
        List<Bson> perSensor = new ArrayList<>(sensorsSince.size());
        sensorsSince.forEach((id, since) -> perSensor.add(
                Filters.and(Filters.eq("sensorId", id), Filters.gte("receivedAt", Date.from(since)))));
        List<Bson> filters = new ArrayList<>();
        filters.add(perSensor.size() == 1 ? perSensor.get(0) : Filters.or(perSensor));
        if (from != null) {
            filters.add(Filters.gte("receivedAt", Date.from(from)));
        }
        if (to != null) {
            filters.add(Filters.lt("receivedAt", Date.from(to)));
        }
        boolean forward = from != null;
        Bson sort = forward ? Sorts.ascending("receivedAt", "_id") : Sorts.descending("receivedAt", "_id");
        List<SensorReading> out = new ArrayList<>();
        for (Document doc : readings.find(Filters.and(filters)).sort(sort).limit(limit)) {
            out.add(toReading(doc));
        }
        if (!forward) {
            Collections.reverse(out);
        }
        return out;
    }

    /** @return how many readings of this sensor received before the cutoff were removed */
    public long deleteOfSensor(String sensorId, Instant cutoff) {
        return readings.deleteMany(Filters.and(Filters.eq("sensorId", sensorId), Filters.lt("receivedAt", Date.from(cutoff))))
                .getDeletedCount();
    }

    /** @return how many readings were removed */
    public long deleteOlderThan(Instant cutoff) {
        return readings.deleteMany(Filters.lt("receivedAt", Date.from(cutoff))).getDeletedCount();
    }

    private static SensorReading toReading(Document doc) {
        Map<String, Object> values = new LinkedHashMap<>();
        Document v = doc.get("values", Document.class);
        if (v != null) {
            values.putAll(v);
        }
        Date deviceTime = doc.getDate("deviceTime");
        Date receivedAt = doc.getDate("receivedAt");
        return new SensorReading(String.valueOf(doc.get("_id")), doc.getString("sensorId"), doc.getString("type"), values,
                deviceTime == null ? null : deviceTime.toInstant(), receivedAt == null ? null : receivedAt.toInstant());
    }
}
