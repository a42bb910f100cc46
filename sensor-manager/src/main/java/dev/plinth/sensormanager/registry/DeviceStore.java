package dev.plinth.sensormanager.registry;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.DeviceDocument;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code devices} and {@code device_types} collections. */
@Singleton
public class DeviceStore {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceStore.class);

    private final MongoCollection<Document> devices;
    private final MongoCollection<Document> types;

    public DeviceStore(MongoDatabase database) {
        this.devices = database.getCollection(Collections.DEVICES);
        this.types = database.getCollection(Collections.DEVICE_TYPES);
    }

    // ---- types ----

    /**
     * @return true when stored, false when a type of that name exists
     */
    public boolean insertType(DeviceType type) {
        try {
            types.insertOne(type.toDocument());
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** @return the type of that name */
    public Optional<DeviceType> findType(String name) {
        Document doc = types.find(Filters.eq("_id", name)).first();
        return Optional.ofNullable(doc).flatMap(DeviceStore::readType);
    }

    /** @return every type, by name */
    public List<DeviceType> types() {
        List<DeviceType> out = new ArrayList<>();
        for (Document doc : types.find().sort(new Document("_id", 1))) {
            readType(doc).ifPresent(out::add);
        }
        return out;
    }

    private static Optional<DeviceType> readType(Document doc) {
        try {
            return Optional.of(DeviceType.fromDocument(doc));
        } catch (IllegalArgumentException e) {
            LOG.warn("ignoring an invalid document in {}: {}", Collections.DEVICE_TYPES, e.getMessage());
            return Optional.empty();
        }
    }

    // ---- devices ----

    /**
     * @return true when stored, false when a device of that id exists
     */
    public boolean insert(Device device) {
        try {
            devices.insertOne(device.toDocument());
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** @return the device of that id */
    public Optional<Device> find(String id) {
        Document doc = devices.find(Filters.eq(DeviceDocument.ID, id)).first();
        return Optional.ofNullable(doc).flatMap(DeviceStore::readDevice);
    }

    /**
     * Every device without its last values (the directory and the binding loop read this often).
     * Labels are filtered in Java by callers: label keys may contain dots, which MongoDB queries
     * cannot address.
     *
     * @param type only devices of this type, or null for all
     * @return the devices, by id
     */
    public List<Device> all(@Nullable String type) {
        Bson filter = type == null ? new Document() : Filters.eq(DeviceDocument.TYPE, type);
        List<Device> out = new ArrayList<>();
        for (Document doc : devices.find(filter).projection(Projections.exclude(DeviceDocument.LAST_VALUES)).sort(new Document(DeviceDocument.ID, 1))) {
            readDevice(doc).ifPresent(out::add);
        }
        return out;
    }

    /** @return every device with its last values, by id */
    public List<Device> allWithValues() {
        List<Device> out = new ArrayList<>();
        for (Document doc : devices.find().sort(new Document(DeviceDocument.ID, 1))) {
            readDevice(doc).ifPresent(out::add);
        }
        return out;
    }

    private static Optional<Device> readDevice(Document doc) {
        try {
            return Optional.of(Device.fromDocument(doc));
        } catch (IllegalArgumentException e) {
            LOG.warn("ignoring an invalid document in {}: {}", Collections.DEVICES, e.getMessage());
            return Optional.empty();
        }
    }

    /** @return whether a device was removed */
    public boolean delete(String id) {
        return devices.deleteOne(Filters.eq(DeviceDocument.ID, id)).getDeletedCount() > 0;
    }

    /** @return whether the device exists and is now shared like this */
    public boolean replaceSharing(String id, Sharing sharing) {
        return devices.updateOne(Filters.eq(DeviceDocument.ID, id), new Document("$set", sharing.fields())).getMatchedCount() > 0;
    }

    /** @return whether the device exists and now has this token hash */
    public boolean replaceTokenHash(String id, String tokenHash) {
        return devices.updateOne(Filters.eq(DeviceDocument.ID, id), Updates.set(DeviceDocument.TOKEN_HASH, tokenHash)).getMatchedCount() > 0;
    }

    /**
     * What happened to one device since the last flush.
     *
     * @param id             the device
     * @param firstAt        when the first of these events happened, or null: they are written only to
     *                       a device of this id registered before then, never to one registered
     *                       later under the same id (by anyone)
     * @param lastSeenAt     when its newest accepted reading arrived, or null when none was accepted
     * @param lastValues     that reading's values
     * @param lastDeviceTime that reading's device time, may be null
     * @param lastReadingId  that reading's id
     * @param accepted       readings accepted since the last flush
     * @param rejected       readings refused since the last flush
     */
    public record Activity(String id, @Nullable Instant firstAt, @Nullable Instant lastSeenAt, @Nullable Map<String, Object> lastValues,
                           @Nullable Instant lastDeviceTime, @Nullable String lastReadingId, long accepted, long rejected) {
    }

    /** Writes the activity of many devices in one unordered bulk write. */
    public void recordActivity(List<Activity> activity) {
        if (activity.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>(activity.size());
        for (Activity a : activity) {
            List<Bson> updates = new ArrayList<>();
            if (a.lastSeenAt() != null) {
                DeviceDocument.seenFields(a.lastSeenAt(), a.lastValues(), a.lastDeviceTime(), a.lastReadingId())
                        .forEach((field, value) -> updates.add(Updates.set(field, value)));
            }
            if (a.accepted() > 0) {
                updates.add(Updates.inc(DeviceDocument.ACCEPTED, a.accepted()));
            }
            if (a.rejected() > 0) {
                updates.add(Updates.inc(DeviceDocument.REJECTED, a.rejected()));
            }
            if (!updates.isEmpty()) {
                Bson sameDevice = a.firstAt() == null ? Filters.eq(DeviceDocument.ID, a.id())
                        : Filters.and(Filters.eq(DeviceDocument.ID, a.id()), Filters.or(Filters.eq(DeviceDocument.CREATED_AT, null),
                                Filters.lte(DeviceDocument.CREATED_AT, Date.from(a.firstAt()))));
                writes.add(new UpdateOneModel<>(sameDevice, Updates.combine(updates)));
            }
        }
        if (!writes.isEmpty()) {
            devices.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
    }
}
