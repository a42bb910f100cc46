package dev.plinth.bootstrapper;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.bootstrapper.infra.Infrastructure;
import dev.plinth.testkit.wait.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node dies as a machine would: its agent, a separate process started with {@code plinth agent},
 * is killed with SIGKILL together with its instances. Its instances come back on the other nodes;
 * when the agent returns, no app runs more instances than desired.
 */
// A node dies and comes back, with waits for heartbeats to lapse: longer than the default per test.
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class NodeLossTest {

    @TempDir
    Path dir;

    @Test
    void instancesOfALostNodeComeBackElsewhereAndNothingIsExtraWhenItReturns() throws Exception {
        int base = 10000 + ThreadLocalRandom.current().nextInt(220) * 100;
        Path inventory = dir.resolve("nodes.yaml");
        Files.writeString(inventory, """
                nodes:
                  - { name: node-1, kind: local, capacity: { cpu: 2, memoryMb: 2048 }, runtime: process, ports: { from: %d, to: %d } }
                  - { name: node-2, kind: local, capacity: { cpu: 2, memoryMb: 2048 }, runtime: process, ports: { from: %d, to: %d } }
                  - { name: node-3, kind: remote, address: 127.0.0.1, capacity: { cpu: 2, memoryMb: 2048 }, runtime: process,
                      ports: { from: %d, to: %d } }
                """.formatted(base, base + 29, base + 30, base + 59, base + 60, base + 89));
        Map<String, String> env = TestPlatforms.environment(dir.resolve("data"));
        env.put("PLINTH_INVENTORY", inventory.toString());
        Path agentData = dir.resolve("agent-node-3");
        try (Platform platform = Platform.start(PlatformSettings.fromEnvironment(env))) {
            Http http = new Http(platform.gatewayUrl());
            String admin = http.login(Infrastructure.ADMIN_USER, platform.secrets().adminPassword());
            Process agent = NodeAgents.start(platform, inventory, agentData);
            try {
                NodeAgents.awaitState(http, admin, "node-3", "READY");
                String developer = http.login(AuthScenarios.registration(http), "correct-horse-battery");
                assertEquals(201, http.upload("/api/apps", "package", "n.zip", ExamplePackages.variant("hello-node", "1.0.0", false), developer).status());
                http.post("/api/apps/hello-node/deployments", Map.of("version", "1.0.0", "instances", 3), developer);
                Deployments deployments = new Deployments(http, developer, "hello-node");
                JsonNode running = deployments.awaitRunning("1.0.0", 3, Duration.ofSeconds(120));
                long onNode3 = deployments.healthy(running, "1.0.0").stream().filter(i -> "node-3".equals(i.path("node").asText())).count();
                assertTrue(onNode3 >= 1, "an instance runs on the remote node: " + running);

                // The machine dies: the agent and, with it, its instances.
                agent.destroyForcibly();
                agent.waitFor(30, TimeUnit.SECONDS);
                Instant died = Instant.now();
                InstanceProcesses.under(agentData).forEach(ProcessHandle::destroyForcibly);

                JsonNode healed = Waits.until("the lost node's instances to run elsewhere", Duration.ofSeconds(90), () -> {
                    JsonNode d = deployments.current();
                    List<JsonNode> healthy = deployments.healthy(d, "1.0.0");
                    return healthy.size() == 3 && healthy.stream().noneMatch(i -> "node-3".equals(i.path("node").asText())) ? d : null;
                }, () -> String.valueOf(deployments.current()));
                System.out.println("last heartbeat of a lost node -> all its instances healthy elsewhere: "
                        + Duration.between(died, Instant.now()).toMillis() + " ms");
                assertEquals("LOST", node(http, admin, "node-3").path("state").asText());

                // The machine comes back.
                agent = NodeAgents.start(platform, inventory, agentData);
                NodeAgents.awaitState(http, admin, "node-3", "READY");
                Thread.sleep(5000);
                JsonNode after = deployments.current();
                assertEquals(3, deployments.healthy(after, "1.0.0").size(), "still 3 instances: " + after);
                int running3 = 0;
                for (JsonNode i : node(http, admin, "node-3").path("instances")) {
                    if ("hello-node".equals(i.path("app").asText()) && !"STOPPED".equals(i.path("state").asText())
                            && !"EXITED".equals(i.path("state").asText())) {
                        running3++;
                    }
                }
                assertEquals(0, running3, "the returning node runs nothing extra: " + node(http, admin, "node-3"));
                assertEquals(3, http.get("/apps/hello-node/", null).status() == 200 ? 3 : 0);
                assertEquals(healed.path("id").asText(), after.path("id").asText());
            } finally {
                agent.destroy();
                if (!agent.waitFor(30, TimeUnit.SECONDS)) {
                    agent.destroyForcibly();
                }
                InstanceProcesses.under(agentData).forEach(ProcessHandle::destroyForcibly);
            }
        }
    }


    private static JsonNode node(Http http, String token, String name) {
        return http.get("/api/nodes/" + name, token).json();
    }


}
