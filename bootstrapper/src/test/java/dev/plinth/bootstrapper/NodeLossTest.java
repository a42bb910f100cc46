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
 * A node is lost as a cut-off machine would be: its agent, a separate process started with
 * {@code plinth agent}, is frozen (SIGSTOP) and sends nothing, while its instances run on. Its
 * instances come back on the other nodes; when the agent returns and finds its old instances still
 * running, it stops them on node-manager's word, so no app runs more instances than desired.
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

                List<ProcessHandle> stranded = deployments.healthy(running, "1.0.0").stream()
                        .filter(i -> "node-3".equals(i.path("node").asText()))
                        .map(i -> InstanceProcesses.app(i.path("id").asText())
                                .orElseThrow(() -> new AssertionError("no process for " + i)))
                        .toList();

                // The machine is cut off: its agent goes silent, its instances keep running.
                signal(agent, "STOP");
                Instant died = Instant.now();

                JsonNode healed = Waits.until("the lost node's instances to run elsewhere", Duration.ofSeconds(90), () -> {
                    JsonNode d = deployments.current();
                    List<JsonNode> healthy = deployments.healthy(d, "1.0.0");
                    return healthy.size() == 3 && healthy.stream().noneMatch(i -> "node-3".equals(i.path("node").asText())) ? d : null;
                }, () -> String.valueOf(deployments.current()));
                System.out.println("last heartbeat of a lost node -> all its instances healthy elsewhere: "
                        + Duration.between(died, Instant.now()).toMillis() + " ms");
                assertEquals("LOST", node(http, admin, "node-3").path("state").asText());
                assertTrue(stranded.stream().allMatch(ProcessHandle::isAlive), "the cut-off node's instances run on");

                // The machine comes back, still running its old instances: they are surplus now.
                signal(agent, "CONT");
                NodeAgents.awaitState(http, admin, "node-3", "READY");
                Waits.until("the returning node to stop its old instances", Duration.ofSeconds(60),
                        () -> stranded.stream().noneMatch(ProcessHandle::isAlive) && running(http, admin, "node-3") == 0 ? Boolean.TRUE : null,
                        () -> "alive: " + stranded.stream().filter(ProcessHandle::isAlive).toList() + ", node-3: " + node(http, admin, "node-3"));
                JsonNode after = deployments.current();
                assertEquals(3, deployments.healthy(after, "1.0.0").size(), "still 3 instances: " + after);
                assertEquals(0, running(http, admin, "node-3"), "the returning node runs nothing extra: " + node(http, admin, "node-3"));
                Http.Answer served = http.get("/apps/hello-node/", null);
                assertEquals(200, served.status(), served.toString());
                assertEquals(healed.path("id").asText(), after.path("id").asText());
            } finally {
                signal(agent, "CONT");
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

    /** @return how many instances of hello-node the node says it runs */
    private static int running(Http http, String token, String name) {
        int running = 0;
        for (JsonNode i : node(http, token, name).path("instances")) {
            if ("hello-node".equals(i.path("app").asText()) && !"STOPPED".equals(i.path("state").asText())
                    && !"EXITED".equals(i.path("state").asText())) {
                running++;
            }
        }
        return running;
    }

    /** Sends a signal to the agent's process alone (its instances run in sessions of their own). */
    private static void signal(Process agent, String signal) throws Exception {
        if (agent.isAlive()) {
            assertEquals(0, new ProcessBuilder("kill", "-" + signal, String.valueOf(agent.pid())).start().waitFor());
        }
    }


}
