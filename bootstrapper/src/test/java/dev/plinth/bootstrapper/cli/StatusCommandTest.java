package dev.plinth.bootstrapper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How {@code plinth status} shows nodes that cannot isolate instances and nodes that run them unconfined. */
class StatusCommandTest {

    private static final String HEALTH = """
            {"status":"UP","details":{"subsystems":{"details":{"node-manager":{"status":"UP","url":"http://127.0.0.1:8083",
              "details":{"nodes":{"details":{
                "node-1":{"state":"READY","adminState":"ACTIVE","kind":"local","runtime":"process","isolation":"required",
                          "instances":2,"cpuUsed":0.25,"memoryUsedMb":300},
                "node-2":{"state":"NOT_READY","adminState":"ACTIVE","kind":"local","runtime":"process","isolation":"required",
                          "isolationProblems":["bubblewrap is not installed at /usr/bin/bwrap: install it (Debian and Ubuntu: apt-get install bubblewrap)"],
                          "instances":0,"cpuUsed":0,"memoryUsedMb":0},
                "node-3":{"state":"READY","adminState":"ACTIVE","kind":"local","runtime":"process","isolation":"none",
                          "instances":1,"cpuUsed":0.1,"memoryUsedMb":80}}}}}}}}}
            """;

    @Test
    void showsWhyANodeIsNotReadyAndWarnsOfAnUnconfinedOne() throws Exception {
        JsonNode health = new ObjectMapper().readTree(HEALTH);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        StatusCommand.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), URI.create("http://127.0.0.1:8080"), health, true);

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("  node-2           NOT_READY local/process  0 instance(s)"), out);
        assertTrue(out.contains("      cannot isolate instances: bubblewrap is not installed at /usr/bin/bwrap: install it"), out);
        assertTrue(out.contains("  node-3           READY     local/process  1 instance(s), cpu 0.10, 80 MiB"
                + "  WARNING: runs instances UNCONFINED (isolation: none)"), out);
        assertEquals(List.of("node-2"), StatusCommand.notReadyNodes(health), "so the exit code is 1");
    }
}
