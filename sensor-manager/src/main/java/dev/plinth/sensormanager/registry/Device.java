package dev.plinth.sensormanager.registry;

import io.micronaut.core.annotation.Nullable;
import org.bson.Document;

import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A registered sensor or controller, as kept in {@code devices}.
 *
 * @param id                    the device id and document id, also its MQTT username
 * @param kind                  sensor or controller
 * @param type                  its type's name
 * @param labels                labels apps select it by
 * @param expectedPeriodSeconds how often it should send a reading, may be null
 * @param owner                 who registered it
 * @param tokenHash             the sha256 (hex) of its token
 * @param createdAt             when it was registered
 * @param lastSeenAt            when its last accepted reading arrived, or null
 * @param lastValues            the values of that reading, or null
 * @param lastDeviceTime        the device's time of that reading, or null
 * @param lastReadingId         that reading's id, or null
 * @param accepted              readings accepted so far
 * @param rejected              readings refused so far
 * @param sharing               whose apps besides the owner's may bind it
 */
public record Device(String id, DeviceKind kind, String type, Map<String, String> labels,
                     @Nullable Integer expectedPeriodSeconds, String owner, String tokenHash, @Nullable Instant createdAt,
                     @Nullable Instant lastSeenAt, @Nullable Map<String, Object> lastValues, @Nullable Instant lastDeviceTime,
                     @Nullable String lastReadingId, long accepted, long rejected, Sharing sharing) {

    public Device {
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels == null ? Map.of() : labels));
        sharing = sharing == null ? Sharing.NONE : sharing;
    }

    /** @return this device with other sharing */
    public Device withSharing(Sharing other) {
        return new Device(id, kind, type, labels, expectedPeriodSeconds, owner, tokenHash, createdAt, lastSeenAt, lastValues,
                lastDeviceTime, lastReadingId, accepted, rejected, other);
    }

    /** @return this device with another token hash */
    public Device withTokenHash(String hash) {
        return new Device(id, kind, type, labels, expectedPeriodSeconds, owner, hash, createdAt, lastSeenAt, lastValues,
                lastDeviceTime, lastReadingId, accepted, rejected, sharing);
    }

    /** @return whether apps of this user may bind the device: the owner's, and those it is shared with */
    public boolean reachableBy(String user) {
        return sharing.reaches(owner, user);
    }

    /** @return the document of a newly registered device */
    public Document toDocument() {
        Document doc = new Document("_id", id)
                .append("kind", kind.wire())
                .append("type", type)
                .append("labels", new Document(new LinkedHashMap<>(labels)))
                .append("expectedPeriodSeconds", expectedPeriodSeconds)
                .append("owner", owner)
                .append("tokenHash", tokenHash)
                .append("createdAt", createdAt == null ? null : Date.from(createdAt))
                .append("accepted", accepted)
                .append("rejected", rejected);
        sharing.writeTo(doc);
        return doc;
    }

    /**
     * @return the device a document holds
     * @throws IllegalArgumentException when the document is not a valid device (written by hand)
     */
    public static Device fromDocument(Document doc) {
        String id = String.valueOf(doc.get("_id"));
        DeviceKind kind = DeviceKind.fromWire(doc.getString("kind"))
                .orElseThrow(() -> new IllegalArgumentException("device " + id + " has no valid kind"));
        Map<String, String> labels = new LinkedHashMap<>();
        Document labelDoc = doc.get("labels", Document.class);
        if (labelDoc != null) {
            labelDoc.forEach((k, v) -> labels.put(k, String.valueOf(v)));
        }
        Number period = doc.get("expectedPeriodSeconds", Number.class);
        Document last = doc.get("lastValues", Document.class);
        return new Device(id, kind, doc.getString("type"), labels, period == null ? null : period.intValue(),
                doc.getString("owner"), doc.getString("tokenHash"), instant(doc, "createdAt"), instant(doc, "lastSeenAt"),
                last == null ? null : new LinkedHashMap<>(last), instant(doc, "lastDeviceTime"), doc.getString("lastReadingId"),
                number(doc, "accepted"), number(doc, "rejected"), Sharing.of(doc));
    }

    private static Instant instant(Document doc, String field) {
        Date date = doc.getDate(field);
        return date == null ? null : date.toInstant();
    }

    private static long number(Document doc, String field) {
        Number n = doc.get(field, Number.class);
        return n == null ? 0 : n.longValue();
    }

    /** @return whether this device carries every label of the selector with the same value */
    public boolean matches(Map<String, String> selector) {
        for (Map.Entry<String, String> wanted : selector.entrySet()) {
            if (!wanted.getValue().equals(labels.get(wanted.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
