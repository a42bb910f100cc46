package dev.plinth.contracts.state;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeploymentDocumentTest {

    private static final Instant CREATED = Instant.parse("2026-12-02T10:00:00Z");
    private static final Instant CHANGED = Instant.parse("2026-12-02T10:05:00Z");
    private static final Instant STATUS = Instant.parse("2026-12-02T10:06:00Z");
    private static final Document SPEC = new Document("version", "1.0.0").append("cpu", 0.5);

    /** The stored spelling (docs/state-model.md): documents already in a database use it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"_id, " + DeploymentDocument.ID, "app, " + DeploymentDocument.APP, "owner, " + DeploymentDocument.OWNER,
            "version, " + DeploymentDocument.VERSION, "instances, " + DeploymentDocument.INSTANCES,
            "generation, " + DeploymentDocument.GENERATION, "active, " + DeploymentDocument.ACTIVE,
            "spec, " + DeploymentDocument.SPEC, "stableVersion, " + DeploymentDocument.STABLE_VERSION,
            "stableSpec, " + DeploymentDocument.STABLE_SPEC, "status, " + DeploymentDocument.STATUS,
            "reason, " + DeploymentDocument.REASON, "scheduleId, " + DeploymentDocument.SCHEDULE_ID,
            "createdAt, " + DeploymentDocument.CREATED_AT, "updatedAt, " + DeploymentDocument.UPDATED_AT,
            "statusAt, " + DeploymentDocument.STATUS_AT, "PENDING, " + DeploymentDocument.PENDING,
            "STOPPED, " + DeploymentDocument.STOPPED})
    void fieldsAndValuesKeepTheirStoredNames(String stored, String constant) {
        assertEquals(stored, constant);
    }

    @Test
    void theCreatedDocumentHasEveryFieldAndNoStableVersion() {
        Document created = created();
        assertEquals(List.of("_id", "app", "owner", "version", "instances", "generation", "active", "spec", "stableVersion",
                "stableSpec", "status", "reason", "scheduleId", "createdAt", "updatedAt", "statusAt"), List.copyOf(created.keySet()));
        assertEquals(Date.from(CREATED), created.get(DeploymentDocument.CREATED_AT), "a BSON date");
        assertEquals(new DeploymentDocument("dep-1", "shop", "ada", "1.0.0", 2, 1, true, SPEC, null, null, "PENDING", null,
                "sched-1", CREATED, CREATED, CREATED), DeploymentDocument.read(created));
    }

    @Test
    void whatAppControllerAndTheDeployerSetTheReaderReadsBack() {
        Document stored = created();
        Document newSpec = new Document("version", "1.1.0").append("cpu", 1.0);
        stored.putAll(DeploymentDocument.desiredFields("1.1.0", 3, newSpec, CHANGED));
        stored.putAll(DeploymentDocument.statusFields("FAILED", "1.1.0 never became healthy", STATUS));
        stored.putAll(DeploymentDocument.stableFields("1.0.0", Map.of("version", "1.0.0")));
        stored.putAll(DeploymentDocument.rollbackFields("1.0.0", Map.of("version", "1.0.0")));
        stored.putAll(DeploymentDocument.stoppedFields(STATUS));

        DeploymentDocument read = DeploymentDocument.read(stored);

        assertEquals("1.0.0", read.version(), "the rollback's version");
        assertEquals(new Document("version", "1.0.0"), read.spec());
        assertEquals(3, read.instances());
        assertEquals("FAILED", read.status());
        assertEquals("1.1.0 never became healthy", read.reason());
        assertEquals(STATUS, read.statusAt());
        assertEquals("1.0.0", read.stableVersion());
        assertEquals(new Document("version", "1.0.0"), read.stableSpec());
        assertFalse(read.active());
        assertEquals(STATUS, read.updatedAt());
        assertEquals(CREATED, read.createdAt(), "changes leave the creation time");
    }

    @Test
    void aProjectionReadsAsNullOrZeroAndActive() {
        DeploymentDocument read = DeploymentDocument.read(new Document(DeploymentDocument.ID, "dep-2")
                .append(DeploymentDocument.APP, "shop"));
        assertEquals(new DeploymentDocument("dep-2", "shop", null, null, 0, 0, true, null, null, null, null, null, null,
                null, null, null), read);
        assertTrue(DeploymentDocument.read(new Document(DeploymentDocument.ID, "dep-3").append(DeploymentDocument.ACTIVE, "yes")).active(),
                "only false stops a deployment");
    }

    @Test
    void oddlyTypedFieldsStillRead() {
        Document odd = new Document(DeploymentDocument.ID, "dep-4").append(DeploymentDocument.INSTANCES, 2L)
                .append(DeploymentDocument.GENERATION, 7).append(DeploymentDocument.SPEC, "not a document")
                .append(DeploymentDocument.STATUS_AT, STATUS).append(DeploymentDocument.ACTIVE, false);
        DeploymentDocument read = DeploymentDocument.read(odd);
        assertEquals(2, read.instances());
        assertEquals(7, read.generation());
        assertEquals(null, read.spec());
        assertEquals(STATUS, read.statusAt());
        assertFalse(read.active());
    }

    private static Document created() {
        return DeploymentDocument.created("dep-1", "shop", "ada", "1.0.0", 2, 1, true, SPEC, DeploymentDocument.PENDING,
                "sched-1", CREATED, CREATED, CREATED);
    }
}
