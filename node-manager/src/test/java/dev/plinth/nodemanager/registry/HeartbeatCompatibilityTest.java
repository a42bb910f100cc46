package dev.plinth.nodemanager.registry;

import dev.plinth.contracts.events.NodeHeartbeat;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Heartbeats of agents from before isolation and taken ports were reported still read, and new ones carry them. */
class HeartbeatCompatibilityTest {

    private final JsonMapper json = JsonMapper.createDefault();

    @Test
    void aHeartbeatOfAnOlderAgentReadsAsOneWithoutProblems() throws IOException {
        String old = """
                {"nodeId":"node-1","agentId":"a-1","sequence":3,"cpuCapacity":2.0,"cpuUsed":0.1,"memoryCapacityMb":2048,
                 "memoryUsedMb":100,"instances":["shop-1"],"timestamp":"2025-06-01T12:00:00Z"}
                """;

        NodeHeartbeat beat = json.readValue(old, NodeHeartbeat.class);

        assertEquals(List.of("shop-1"), beat.instances());
        assertEquals(List.of(), beat.isolationProblems());
        assertFalse(beat.unconfined());
        assertEquals(List.of(), beat.takenPorts());
    }

    @Test
    void isolationProblemsAndUnconfinedTravel() throws IOException {
        NodeHeartbeat sent = new NodeHeartbeat("node-1", "a-1", 3, 2, 0.1, 2048, 100, List.of(), Instant.parse("2025-06-01T12:00:00Z"),
                List.of("bubblewrap is not installed at /usr/bin/bwrap: install it"), true);

        NodeHeartbeat received = json.readValue(json.writeValueAsString(sent), NodeHeartbeat.class);

        assertEquals(sent, received);
        assertTrue(received.unconfined());
    }

    @Test
    void portsHeldByOtherProcessesTravel() throws IOException {
        NodeHeartbeat sent = new NodeHeartbeat("node-1", "a-1", 3, 2, 0.1, 2048, 100, List.of(), Instant.parse("2025-06-01T12:00:00Z"),
                List.of(), false, List.of(21000, 21007));

        NodeHeartbeat received = json.readValue(json.writeValueAsString(sent), NodeHeartbeat.class);

        assertEquals(List.of(21000, 21007), received.takenPorts());
    }
}
