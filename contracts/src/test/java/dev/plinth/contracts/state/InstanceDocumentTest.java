package dev.plinth.contracts.state;

import dev.plinth.contracts.events.InstanceState;
import dev.plinth.contracts.events.InstanceStatus;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstanceDocumentTest {

    private static final Instant CREATED = Instant.parse("2026-12-02T10:00:00Z");
    private static final Instant BOUND = Instant.parse("2026-12-02T10:00:01Z");
    private static final Instant SEEN = Instant.parse("2026-12-02T10:00:05Z");

    /** The stored spelling (docs/state-model.md): documents already in a database use it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "_id, " + InstanceDocument.ID, "deploymentId, " + InstanceDocument.DEPLOYMENT_ID, "app, " + InstanceDocument.APP,
            "owner, " + InstanceDocument.OWNER, "version, " + InstanceDocument.VERSION,
            "generation, " + InstanceDocument.GENERATION, "spec, " + InstanceDocument.SPEC,
            "desired, " + InstanceDocument.DESIRED, "stopReason, " + InstanceDocument.STOP_REASON,
            "avoidNodes, " + InstanceDocument.AVOID_NODES, "node, " + InstanceDocument.NODE,
            "address, " + InstanceDocument.ADDRESS, "port, " + InstanceDocument.PORT, "boundAt, " + InstanceDocument.BOUND_AT,
            "unplacedReason, " + InstanceDocument.UNPLACED_REASON, "state, " + InstanceDocument.STATE,
            "stateAt, " + InstanceDocument.STATE_AT, "exitCode, " + InstanceDocument.EXIT_CODE,
            "message, " + InstanceDocument.MESSAGE, "startCommandAt, " + InstanceDocument.START_COMMAND_AT,
            "createdAt, " + InstanceDocument.CREATED_AT, "healthyAt, " + InstanceDocument.HEALTHY_AT,
            "RUN, " + InstanceDocument.RUN, "STOP, " + InstanceDocument.STOP, "PENDING, " + InstanceDocument.PENDING})
    void fieldsAndValuesKeepTheirStoredNames(String stored, String constant) {
        assertEquals(stored, constant);
    }

    @Test
    void theEndsAreTheStoredStates() {
        assertEquals(List.of("EXITED", "STOPPED", "FAILED"), InstanceDocument.TERMINAL);
    }

    @Test
    void theCreatedDocumentHasEveryFieldUnplacedAndPending() {
        Document created = created();
        assertEquals(List.of("_id", "deploymentId", "app", "owner", "version", "generation", "spec", "desired", "stopReason",
                "avoidNodes", "node", "address", "port", "boundAt", "unplacedReason", "state", "stateAt", "exitCode",
                "message", "startCommandAt", "createdAt", "healthyAt"), List.copyOf(created.keySet()));
        assertEquals(Date.from(CREATED), created.get(InstanceDocument.CREATED_AT), "a BSON date");
        assertEquals(Date.from(CREATED), created.get(InstanceDocument.STATE_AT), "a BSON date");
        assertEquals(3L, created.get(InstanceDocument.GENERATION));

        InstanceDocument read = InstanceDocument.read(created);
        assertEquals(new InstanceDocument("shop-abc", "dep-1", "shop", "alice", "1.0.0", 3,
                new Document("version", "1.0.0").append("cpu", 0.5), "RUN", null, List.of("node-9"), null, null, null,
                null, null, "PENDING", CREATED, null, null, null, CREATED, null), read);
        assertFalse(read.ended());
    }

    @Test
    void whatNodeManagerSetsTheReaderReadsBack() {
        Document stored = created();
        stored.putAll(InstanceDocument.bindingFields("node-2", "127.0.0.2", 30001, BOUND));
        stored.putAll(InstanceDocument.startSentFields(BOUND));
        InstanceStatus report = new InstanceStatus("e-1", "shop-abc", "node-2", "shop", "dep-1", "1.0.0", 3,
                InstanceState.HEALTHY, "10.77.0.2", 30001, null, "health check passed", SEEN);
        stored.putAll(InstanceDocument.reportFields(report));

        InstanceDocument read = InstanceDocument.read(stored);

        assertEquals("node-2", read.node());
        assertEquals("10.77.0.2", read.address(), "the report's host replaces the node's address");
        assertEquals(30001, read.port());
        assertEquals(BOUND, read.boundAt());
        assertEquals(BOUND, read.startCommandAt());
        assertEquals("HEALTHY", read.state());
        assertEquals(SEEN, read.stateAt());
        assertEquals(SEEN, read.healthyAt());
        assertEquals(CREATED, read.createdAt(), "a report leaves the creation time");
        assertEquals("health check passed", read.message());
        assertEquals(List.of(InstanceDocument.EXIT_CODE), InstanceDocument.reportClears(report));
    }

    @Test
    void anExitIsRecordedWithItsCodeAndWithoutHealthOrHost() {
        InstanceStatus exit = new InstanceStatus("e-2", "shop-abc", "node-2", "shop", "dep-1", "1.0.0", 3,
                InstanceState.EXITED, " ", 30001, 137, null, SEEN);
        assertEquals(new Document(InstanceDocument.STATE, "EXITED").append(InstanceDocument.STATE_AT, Date.from(SEEN))
                .append(InstanceDocument.EXIT_CODE, 137), InstanceDocument.reportFields(exit));
        assertEquals(List.of(InstanceDocument.MESSAGE), InstanceDocument.reportClears(exit));
    }

    @Test
    void theDeployersStopAndNodeManagersNeverStartedEndReadBack() {
        Document stored = created();
        stored.putAll(InstanceDocument.unplacedFields("no node has 4 cpu free"));
        stored.putAll(InstanceDocument.stopFields("scale-down"));
        stored.putAll(InstanceDocument.neverStartedFields(SEEN));

        InstanceDocument read = InstanceDocument.read(stored);

        assertEquals("STOP", read.desired());
        assertEquals("scale-down", read.stopReason());
        assertEquals("no node has 4 cpu free", read.unplacedReason());
        assertEquals("STOPPED", read.state());
        assertEquals(SEEN, read.stateAt());
        assertEquals(InstanceDocument.NEVER_STARTED_MESSAGE, read.message());
        assertTrue(read.ended());
    }

    @Test
    void aProjectionReadsAsNullZeroOrEmpty() {
        InstanceDocument read = InstanceDocument.read(new Document(InstanceDocument.ID, "shop-1").append(InstanceDocument.NODE, "node-1"));
        assertEquals("shop-1", read.id());
        assertEquals("node-1", read.node());
        assertNull(read.state());
        assertNull(read.desired());
        assertNull(read.port());
        assertNull(read.spec());
        assertEquals(0, read.generation());
        assertEquals(List.of(), read.avoidNodes());
        assertFalse(read.ended());
    }

    @Test
    void oldAndOddlyTypedFieldsStillRead() {
        // Numbers of any type (an int generation, a long port), an Instant where a date belongs, a null in a list.
        Document odd = new Document(InstanceDocument.ID, "shop-2").append(InstanceDocument.GENERATION, 4)
                .append(InstanceDocument.PORT, 30002L).append(InstanceDocument.STATE_AT, SEEN)
                .append(InstanceDocument.AVOID_NODES, java.util.Arrays.asList("node-1", null))
                .append(InstanceDocument.EXIT_CODE, "not a number").append(InstanceDocument.SPEC, "not a document");
        InstanceDocument read = InstanceDocument.read(odd);
        assertEquals(4, read.generation());
        assertEquals(30002, read.port());
        assertEquals(SEEN, read.stateAt());
        assertEquals(List.of("node-1"), read.avoidNodes());
        assertNull(read.exitCode());
        assertNull(read.spec());
    }

    private static Document created() {
        return InstanceDocument.created("shop-abc", "dep-1", "shop", "alice", "1.0.0", 3,
                Map.of("version", "1.0.0", "cpu", 0.5), List.of("node-9"), CREATED);
    }
}
