package dev.plinth.contracts.state;

import dev.plinth.contracts.events.NodeHeartbeat;
import dev.plinth.contracts.inventory.Isolation;
import dev.plinth.contracts.inventory.NodeKind;
import dev.plinth.contracts.inventory.NodeSpec;
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

class NodeDocumentTest {

    /** The stored spelling (docs/state-model.md): documents already in a database use it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "_id, " + NodeDocument.ID, "kind, " + NodeDocument.KIND, "address, " + NodeDocument.ADDRESS,
            "runtime, " + NodeDocument.RUNTIME, "cpu, " + NodeDocument.CPU, "memoryMb, " + NodeDocument.MEMORY_MB,
            "labels, " + NodeDocument.LABELS, "ports, " + NodeDocument.PORTS, "from, " + NodeDocument.PORTS_FROM,
            "to, " + NodeDocument.PORTS_TO, "isolation, " + NodeDocument.ISOLATION, "state, " + NodeDocument.STATE,
            "adminState, " + NodeDocument.ADMIN_STATE, "isolationProblems, " + NodeDocument.ISOLATION_PROBLEMS,
            "lastHeartbeatAt, " + NodeDocument.LAST_HEARTBEAT_AT, "agentId, " + NodeDocument.AGENT_ID,
            "cpuUsed, " + NodeDocument.CPU_USED, "memoryUsedMb, " + NodeDocument.MEMORY_USED_MB,
            "running, " + NodeDocument.RUNNING, "unconfined, " + NodeDocument.UNCONFINED, "takenPorts, " + NodeDocument.TAKEN_PORTS})
    void fieldsKeepTheirStoredNames(String stored, String constant) {
        assertEquals(stored, constant);
    }

    @Test
    void whatTheWriterSetsTheReaderReadsBack() {
        NodeSpec spec = new NodeSpec("node-2", NodeKind.REMOTE, "127.0.0.2", new NodeSpec.Capacity(4, 8192),
                Map.of("zone", "north"), "docker", new NodeSpec.PortRange(30000, 30099), Isolation.NONE);
        Instant seen = Instant.parse("2026-12-02T10:00:00Z");
        NodeHeartbeat heartbeat = new NodeHeartbeat("node-2", "agent-9", 3, 4, 1.5, 8192, 900, List.of("shop-1"), seen,
                List.of("no bubblewrap: install it"), true, List.of(30001));
        Document stored = new Document(NodeDocument.ID, "node-2").append(NodeDocument.ADMIN_STATE, "CORDONED");
        stored.putAll(NodeDocument.inventoryFields(spec));
        stored.putAll(NodeDocument.observedFields("NOT_READY", heartbeat.isolationProblems(), seen, heartbeat));

        NodeDocument node = NodeDocument.read(stored);

        assertEquals(new NodeDocument("node-2", "remote", "127.0.0.2", "docker", 4, 8192, Map.of("zone", "north"), 30000, 30099,
                "none", "NOT_READY", "CORDONED", List.of("no bubblewrap: install it"), seen, "agent-9", 1.5, 900,
                List.of("shop-1"), true, List.of(30001)), node);
        assertEquals(Date.from(seen), stored.get(NodeDocument.LAST_HEARTBEAT_AT), "a BSON date");
    }

    @Test
    void aProjectionReadsAsNullZeroOrEmpty() {
        NodeDocument node = NodeDocument.read(new Document(NodeDocument.ID, "node-1").append(NodeDocument.STATE, "LOST"));
        assertEquals("LOST", node.state());
        assertNull(node.adminState());
        assertNull(node.lastHeartbeatAt());
        assertEquals(List.of(), node.running());
        assertEquals(Map.of(), node.labels());
        assertEquals(0, node.portsTo());
        assertFalse(node.unconfined());
    }

    @Test
    void withoutAHeartbeatOnlyTheStateAndItsProblemsAreWritten() {
        assertEquals(new Document(NodeDocument.STATE, "UNKNOWN").append(NodeDocument.ISOLATION_PROBLEMS, List.of()),
                NodeDocument.observedFields("UNKNOWN", List.of(), null, null));
    }
}
