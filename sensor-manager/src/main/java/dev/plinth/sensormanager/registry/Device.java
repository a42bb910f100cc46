package dev.plinth.sensormanager.registry;

import dev.plinth.contracts.state.DeviceDocument;
import io.micronaut.core.annotation.Nullable;
import org.bson.Document;

import java.time.Instant;
import java.util.Collections;
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
        return DeviceDocument.registered(id, kind.wire(), type, labels, expectedPeriodSeconds, owner, tokenHash, createdAt,
                accepted, rejected, sharing.users(), sharing.everyone());
    }

    /**
     * @return the device a document holds
     * @throws IllegalArgumentException when the document is not a valid device (written by hand)
     */
    public static Device fromDocument(Document doc) {
        DeviceDocument d = DeviceDocument.read(doc);
        DeviceKind kind = DeviceKind.fromWire(d.kind())
                .orElseThrow(() -> new IllegalArgumentException("device " + d.id() + " has no valid kind"));
        return new Device(d.id(), kind, d.type(), d.labels(), d.expectedPeriodSeconds(), d.owner(), d.tokenHash(),
                d.createdAt(), d.lastSeenAt(), d.lastValues(), d.lastDeviceTime(), d.lastReadingId(), d.accepted(),
                d.rejected(), Sharing.of(d));
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
