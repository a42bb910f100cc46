package dev.plinth.nodemanager.dispatch;

import dev.plinth.contracts.events.InstanceSpec;
import dev.plinth.contracts.events.NodeCommand;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A start command carries the version's runtimes and its sender's fence to the agent; one sent before they were
 * recorded reads as process and unfenced.
 */
class StartCommandCompatibilityTest {

    private final JsonMapper json = JsonMapper.createDefault();

    @Test
    void runtimesTravelWithTheStartCommand() throws IOException {
        InstanceSpec spec = new InstanceSpec("a-1", "a", "1.0.0", "dep-a", "ab".repeat(32), "http://127.0.0.1:8080/api/artifacts/x",
                List.of(), null, 21000, 8080, Map.of(), 0.5, 256, "/health", 5, 2, 3, 60, List.of("docker"));
        NodeCommand sent = new NodeCommand("c-1", "start:a-1:1", NodeCommand.Type.START_INSTANCE, "node-1", "a-1", 1, spec,
                null, Instant.parse("2026-12-01T12:00:00Z"), 7);

        NodeCommand received = json.readValue(json.writeValueAsString(sent), NodeCommand.class);

        assertEquals(sent, received);
        assertEquals(List.of("docker"), received.spec().runtimes());
        assertEquals(7, received.fence());
    }

    @Test
    void aStartCommandWithoutRuntimesRunsOnProcess() throws IOException {
        String old = """
                {"commandId":"c-1","idempotencyKey":"start:a-1:1","type":"START_INSTANCE","nodeId":"node-1","instanceId":"a-1",
                 "generation":1,"spec":{"instanceId":"a-1","app":"a","version":"1.0.0","deploymentId":"dep-a",
                 "artifactSha256":"ab","artifactUrl":"http://127.0.0.1:8080/api/artifacts/ab","command":["java","-jar","a.jar"],
                 "port":21000,"containerPort":8080,"env":{},"cpu":0.5,"memoryMb":256,"healthPath":"/health",
                 "healthIntervalSeconds":5,"healthTimeoutSeconds":2,"failureThreshold":3,"startupSeconds":60},
                 "timestamp":"2026-12-01T12:00:00Z"}
                """;

        NodeCommand command = json.readValue(old, NodeCommand.class);

        assertEquals(List.of("process"), command.spec().runtimes());
        assertEquals(0, command.fence(), "a command from before fencing reads as unfenced");
        assertEquals(List.of("java", "-jar", "a.jar"), command.spec().command());
    }
}
