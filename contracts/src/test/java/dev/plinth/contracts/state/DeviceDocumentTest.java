package dev.plinth.contracts.state;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceDocumentTest {

    private static final Instant CREATED = Instant.parse("2026-12-02T10:00:00Z");
    private static final Instant SEEN = Instant.parse("2026-12-02T10:00:05Z");
    private static final Instant MEASURED = Instant.parse("2026-12-02T10:00:04Z");

    /** The stored spelling (docs/sensors.md): documents already in a database use it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"_id, " + DeviceDocument.ID, "kind, " + DeviceDocument.KIND, "type, " + DeviceDocument.TYPE,
            "labels, " + DeviceDocument.LABELS, "expectedPeriodSeconds, " + DeviceDocument.EXPECTED_PERIOD_SECONDS,
            "owner, " + DeviceDocument.OWNER, "tokenHash, " + DeviceDocument.TOKEN_HASH,
            "createdAt, " + DeviceDocument.CREATED_AT, "sharedWith, " + DeviceDocument.SHARED_WITH,
            "sharedWithEveryone, " + DeviceDocument.SHARED_WITH_EVERYONE, "lastSeenAt, " + DeviceDocument.LAST_SEEN_AT,
            "lastValues, " + DeviceDocument.LAST_VALUES, "lastDeviceTime, " + DeviceDocument.LAST_DEVICE_TIME,
            "lastReadingId, " + DeviceDocument.LAST_READING_ID, "accepted, " + DeviceDocument.ACCEPTED,
            "rejected, " + DeviceDocument.REJECTED, "sensor, " + DeviceDocument.SENSOR,
            "controller, " + DeviceDocument.CONTROLLER})
    void fieldsAndValuesKeepTheirStoredNames(String stored, String constant) {
        assertEquals(stored, constant);
    }

    @Test
    void whatSensorManagerWritesTheReaderReadsBack() {
        Document stored = registered();
        assertEquals(List.of("_id", "kind", "type", "labels", "expectedPeriodSeconds", "owner", "tokenHash", "createdAt",
                "accepted", "rejected", "sharedWith", "sharedWithEveryone"), List.copyOf(stored.keySet()));
        assertEquals(Date.from(CREATED), stored.get(DeviceDocument.CREATED_AT), "a BSON date");
        stored.putAll(DeviceDocument.seenFields(SEEN, Map.of("speedKmh", 87.5), MEASURED, "r-9"));
        stored.putAll(DeviceDocument.sharingFields(List.of("bob"), false));

        assertEquals(new DeviceDocument("car-7", "sensor", "vehicle-speed", Map.of("route", "A1"), 1, "ada", "hash-1",
                CREATED, List.of("bob"), false, SEEN, Map.of("speedKmh", 87.5), MEASURED, "r-9", 0, 0), DeviceDocument.read(stored));
    }

    @Test
    void aDeviceReachesItsOwnerAndWhomItIsSharedWith() {
        DeviceDocument own = DeviceDocument.read(registered());
        assertTrue(own.withinReachOf("ada"));
        assertFalse(own.withinReachOf("bob"));
        assertFalse(own.withinReachOf(null));

        Document shared = registered();
        shared.putAll(DeviceDocument.sharingFields(List.of("bob"), false));
        assertTrue(DeviceDocument.read(shared).withinReachOf("bob"));
        assertFalse(DeviceDocument.read(shared).withinReachOf("carl"));

        shared.putAll(DeviceDocument.sharingFields(List.of(), true));
        assertTrue(DeviceDocument.read(shared).withinReachOf("carl"));
    }

    @Test
    void aDeviceFromBeforeSharingOrAProjectionReadsAsNullZeroOrEmpty() {
        DeviceDocument read = DeviceDocument.read(new Document(DeviceDocument.ID, "car-8").append(DeviceDocument.OWNER, "ada"));
        assertEquals(new DeviceDocument("car-8", null, null, Map.of(), null, "ada", null, null, List.of(), false, null, null,
                null, null, 0, 0), read);
        assertTrue(read.withinReachOf("ada"));
        assertFalse(read.withinReachOf("bob"), "shared with nobody");
    }

    @Test
    void oddlyTypedFieldsStillRead() {
        Document odd = new Document(DeviceDocument.ID, "car-9").append(DeviceDocument.EXPECTED_PERIOD_SECONDS, 2L)
                .append(DeviceDocument.ACCEPTED, 3).append(DeviceDocument.LAST_SEEN_AT, SEEN)
                .append(DeviceDocument.LABELS, new Document("route", 7).append("lane", null))
                .append(DeviceDocument.SHARED_WITH, Arrays.asList("bob", null))
                .append(DeviceDocument.SHARED_WITH_EVERYONE, "true").append(DeviceDocument.LAST_VALUES, "not a document");
        DeviceDocument read = DeviceDocument.read(odd);
        assertEquals(2, read.expectedPeriodSeconds());
        assertEquals(2, DeviceDocument.read(new Document(DeviceDocument.ID, "car-9").append(DeviceDocument.EXPECTED_PERIOD_SECONDS, 1.5))
                .expectedPeriodSeconds(), "rounded up");
        assertEquals(3, read.accepted());
        assertEquals(SEEN, read.lastSeenAt());
        assertEquals(Map.of("route", "7"), read.labels());
        assertEquals(List.of("bob"), read.sharedWith());
        assertFalse(read.sharedWithEveryone(), "only true shares with everyone");
        assertEquals(null, read.lastValues());
    }

    private static Document registered() {
        return DeviceDocument.registered("car-7", DeviceDocument.SENSOR, "vehicle-speed", Map.of("route", "A1"), 1, "ada",
                "hash-1", CREATED, 0, 0, List.of(), false);
    }
}
