package dev.plinth.agent;

import dev.plinth.contracts.events.InstanceSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InstanceEnvironmentTest {

    @Test
    void addsThePlatformVariablesOverTheDescriptors() {
        InstanceSpec spec = new InstanceSpec("speed-1", "speed", "1.2.0", "dep-9", "ab", "http://x", List.of("run"), null,
                21005, 8080, Map.of("THRESHOLD", "90", "PLINTH_INSTANCE_ID", "spoofed", "PORT", "1"), 0.5, 256,
                "/health", 5, 2, 3, 60);

        Map<String, String> env = InstanceEnvironment.of(spec, "node-2", "http://plinth:8080",
                new InstanceEnvironment.AppCredentials("tcp://127.0.0.1:1883", "app-token"));

        assertEquals(Map.ofEntries(
                Map.entry("THRESHOLD", "90"),
                Map.entry("PORT", "21005"),
                Map.entry("PLINTH_APP", "speed"),
                Map.entry("PLINTH_VERSION", "1.2.0"),
                Map.entry("PLINTH_INSTANCE_ID", "speed-1"),
                Map.entry("PLINTH_NODE", "node-2"),
                Map.entry("PLINTH_DEPLOYMENT", "dep-9"),
                Map.entry("PLINTH_GATEWAY_URL", "http://plinth:8080"),
                Map.entry("PLINTH_API_URL", "http://plinth:8080"),
                Map.entry("PLINTH_MQTT_URL", "tcp://127.0.0.1:1883"),
                Map.entry("PLINTH_MQTT_USERNAME", "app:speed:speed-1"),
                Map.entry("PLINTH_MQTT_PASSWORD", "app-token"),
                Map.entry("PLINTH_TOKEN", "app-token")), env);
    }

    @Test
    void remembersABoundedNumberOfCommands() {
        ProcessedCommands processed = new ProcessedCommands(2);

        assertEquals(true, processed.firstTime("start:a:1"));
        assertEquals(false, processed.firstTime("start:a:1"));
        processed.firstTime("start:b:1");
        processed.firstTime("start:c:1");

        assertEquals(2, processed.size());
        assertEquals(true, processed.firstTime("start:a:1"), "the oldest key was forgotten");
    }

    @Test
    void describesExitsBySignal() {
        assertEquals("exited with code 0", NodeInstances.describeExit(0));
        assertEquals("exited with code 3", NodeInstances.describeExit(3));
        assertEquals("exited with code 143 (SIGTERM)", NodeInstances.describeExit(143));
        assertEquals("exited with code 137 (SIGKILL)",
                NodeInstances.describeExit(137));
    }
}
