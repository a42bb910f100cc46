package dev.plinth.bootstrapper;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.testkit.wait.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where a package can run decides where its instances go, from the upload to placement: on a fleet of
 * process nodes the container example (a Dockerfile package) is accepted as a docker package, and its
 * instance waits unplaced with a reason that names what the nodes run, while a process version runs.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RuntimePlacementTest {

    @TempDir
    Path data;

    @Test
    void aContainerVersionOnProcessNodesWaitsSayingWhyWhileAProcessVersionRuns() throws Exception {
        try (Platform platform = Platform.start(TestPlatforms.settings(data))) {
            Http http = new Http(platform.gatewayUrl());
            String token = http.login(AuthScenarios.registration(http), "correct-horse-battery");

            Http.Answer container = http.upload("/api/apps", "package", "hello-container-1.0.0.zip", ExamplePackages.container(), token);
            assertEquals(201, container.status(), () -> String.valueOf(container.json()));
            assertEquals(List.of("docker"), strings(container.json().path("runtimes")));
            Http.Answer process = http.upload("/api/apps", "package", "p.zip", ExamplePackages.variant("hello-proc", "1.0.0", false), token);
            assertEquals(201, process.status(), () -> String.valueOf(process.json()));
            assertEquals(List.of("process"), strings(process.json().path("runtimes")));

            assertEquals(201, http.post("/api/apps/hello-container/deployments", Map.of("version", "1.0.0"), token).status());
            assertEquals(201, http.post("/api/apps/hello-proc/deployments", Map.of("version", "1.0.0"), token).status());

            new Deployments(http, token, "hello-proc").awaitRunning("1.0.0", 1, Duration.ofSeconds(120));
            Deployments containers = new Deployments(http, token, "hello-container");
            JsonNode waiting = Waits.until("the container instance's reason", Duration.ofSeconds(60), () -> {
                JsonNode instances = containers.current().path("instances");
                return instances.size() == 1 && instances.get(0).path("message").asText("").contains("runs docker")
                        ? instances.get(0) : null;
            }, () -> String.valueOf(containers.current()));
            assertEquals("no ready node runs docker, the only runtime this version runs on "
                    + "(the ready nodes run process: node-1, node-2, node-3)", waiting.path("message").asText());
            assertTrue(!waiting.hasNonNull("node"), waiting::toString);
        }
    }

    private static List<String> strings(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
