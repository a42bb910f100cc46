package dev.plinth.contracts.state;

import io.micronaut.core.annotation.Nullable;
import org.bson.Document;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.plinth.contracts.state.StoredFields.date;
import static dev.plinth.contracts.state.StoredFields.document;
import static dev.plinth.contracts.state.StoredFields.instant;
import static dev.plinth.contracts.state.StoredFields.longOr;
import static dev.plinth.contracts.state.StoredFields.strings;
import static dev.plinth.contracts.state.StoredFields.text;

/**
 * A document of the {@link Collections#DEVICES} collection (docs/sensors.md): sensor-manager
 * registers a sensor or controller ({@link #registered}), shares it ({@link #sharingFields}), rotates
 * its token ({@link #TOKEN_HASH}) and records its activity ({@link #seenFields}, {@link #ACCEPTED},
 * {@link #REJECTED}); app-controller reads which devices are within an owner's reach, the MQTT
 * broker reads {@code tokenHash}, the monitor reads when sensors were last seen. The field names are
 * the constants below, and writers and readers go through {@link #read} and the writers here, so a
 * renamed field is renamed for all. {@code kind} stays text ({@link #SENSOR} or
 * {@link #CONTROLLER}): each reader decides what another one means.
 *
 * @param id                    the device id ({@code _id}), also its MQTT username
 * @param kind                  {@link #SENSOR} or {@link #CONTROLLER}, or null when missing
 * @param type                  its type's name, or null when missing
 * @param labels                labels apps select it by; empty when missing
 * @param expectedPeriodSeconds how often it should send a reading, or null; a fractional one reads rounded up
 * @param owner                 who registered it, or null when missing
 * @param tokenHash             the sha256 (hex) of its token, or null when missing
 * @param createdAt             when it was registered, or null when missing
 * @param sharedWith            developers whose apps may bind it besides its owner's; empty when missing
 * @param sharedWithEveryone    whether every developer's apps may bind it; false when missing
 * @param lastSeenAt            when its last accepted reading arrived, or null
 * @param lastValues            the values of that reading, or null
 * @param lastDeviceTime        the device's time of that reading, or null
 * @param lastReadingId         that reading's id, or null
 * @param accepted              readings accepted so far, 0 when missing
 * @param rejected              readings refused so far, 0 when missing
 */
public record DeviceDocument(String id, @Nullable String kind, @Nullable String type, Map<String, String> labels,
                             @Nullable Integer expectedPeriodSeconds, @Nullable String owner, @Nullable String tokenHash,
                             @Nullable Instant createdAt, List<String> sharedWith, boolean sharedWithEveryone,
                             @Nullable Instant lastSeenAt, @Nullable Map<String, Object> lastValues,
                             @Nullable Instant lastDeviceTime, @Nullable String lastReadingId, long accepted, long rejected) {

    public static final String ID = "_id";
    public static final String KIND = "kind";
    public static final String TYPE = "type";
    public static final String LABELS = "labels";
    public static final String EXPECTED_PERIOD_SECONDS = "expectedPeriodSeconds";
    public static final String OWNER = "owner";
    public static final String TOKEN_HASH = "tokenHash";
    public static final String CREATED_AT = "createdAt";
    public static final String SHARED_WITH = "sharedWith";
    public static final String SHARED_WITH_EVERYONE = "sharedWithEveryone";
    public static final String LAST_SEEN_AT = "lastSeenAt";
    public static final String LAST_VALUES = "lastValues";
    public static final String LAST_DEVICE_TIME = "lastDeviceTime";
    public static final String LAST_READING_ID = "lastReadingId";
    public static final String ACCEPTED = "accepted";
    public static final String REJECTED = "rejected";

    /** {@code kind} of a sensor. */
    public static final String SENSOR = "sensor";
    /** {@code kind} of a controller. */
    public static final String CONTROLLER = "controller";

    public DeviceDocument {
        labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels == null ? Map.of() : labels));
        sharedWith = sharedWith == null ? List.of() : List.copyOf(sharedWith);
    }

    /**
     * Reach: apps of a device's owner may bind it, and apps of the developers it is shared with (or
     * of everyone); a device registered before sharing existed has neither field and reaches only its
     * owner's apps. app-controller counts devices by it; sensor-manager's {@code Sharing} binds by the same rule.
     *
     * @param user a developer, or null
     * @return whether that developer's apps may bind this device
     */
    public boolean withinReachOf(@Nullable String user) {
        return user != null && (user.equals(owner) || sharedWithEveryone || sharedWith.contains(user));
    }

    /**
     * @param doc a stored document, whole or projected: a field it lacks (or holds with an unexpected
     *            type) reads as null, zero, false or empty; text fields of another type read as their text
     * @return the device it describes
     */
    public static DeviceDocument read(Document doc) {
        Document last = document(doc.get(LAST_VALUES));
        return new DeviceDocument(String.valueOf(doc.get(ID)), text(doc.get(KIND)), text(doc.get(TYPE)),
                StoredFields.labels(doc.get(LABELS)), period(doc.get(EXPECTED_PERIOD_SECONDS)), text(doc.get(OWNER)),
                text(doc.get(TOKEN_HASH)), instant(doc.get(CREATED_AT)), strings(doc.get(SHARED_WITH)),
                Boolean.TRUE.equals(doc.get(SHARED_WITH_EVERYONE)), instant(doc.get(LAST_SEEN_AT)),
                last == null ? null : new LinkedHashMap<>(last), instant(doc.get(LAST_DEVICE_TIME)),
                text(doc.get(LAST_READING_ID)), longOr(doc.get(ACCEPTED), 0), longOr(doc.get(REJECTED), 0));
    }

    /** Rounded up: a sensor is never expected to send more often than its document says. */
    private static Integer period(Object value) {
        return value instanceof Number n ? (int) Math.ceil(n.doubleValue()) : null;
    }

    /**
     * sensor-manager's newly registered device: its activity not yet written, its counts as given.
     *
     * @return the document to insert
     */
    public static Document registered(String id, String kind, String type, Map<String, String> labels,
                                      @Nullable Integer expectedPeriodSeconds, String owner, String tokenHash,
                                      @Nullable Instant createdAt, long accepted, long rejected,
                                      List<String> sharedWith, boolean sharedWithEveryone) {
        Document doc = new Document(ID, id)
                .append(KIND, kind)
                .append(TYPE, type)
                .append(LABELS, new Document(new LinkedHashMap<>(labels)))
                .append(EXPECTED_PERIOD_SECONDS, expectedPeriodSeconds)
                .append(OWNER, owner)
                .append(TOKEN_HASH, tokenHash)
                .append(CREATED_AT, date(createdAt))
                .append(ACCEPTED, accepted)
                .append(REJECTED, rejected);
        doc.putAll(sharingFields(sharedWith, sharedWithEveryone));
        return doc;
    }

    /** @return who besides the owner may bind the device, to {@code $set} */
    public static Document sharingFields(List<String> sharedWith, boolean sharedWithEveryone) {
        return new Document(SHARED_WITH, sharedWith).append(SHARED_WITH_EVERYONE, sharedWithEveryone);
    }

    /** @return the device's newest accepted reading, to {@code $set} (the counts are raised apart) */
    public static Document seenFields(Instant lastSeenAt, Map<String, Object> lastValues, @Nullable Instant lastDeviceTime,
                                      String lastReadingId) {
        return new Document(LAST_SEEN_AT, date(lastSeenAt))
                .append(LAST_VALUES, new Document(lastValues))
                .append(LAST_DEVICE_TIME, date(lastDeviceTime))
                .append(LAST_READING_ID, lastReadingId);
    }
}
