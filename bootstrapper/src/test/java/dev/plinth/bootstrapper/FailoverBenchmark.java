package dev.plinth.bootstrapper;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.bootstrapper.infra.Infrastructure;

import dev.plinth.testkit.wait.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Failover figures on a real embedded platform (not a test; run by bench/failover/run.sh):
 * <ol>
 *   <li>kill -9 of an instance → its replacement healthy, RUNS times;</li>
 *   <li>a node's agent and instances killed like a dying machine → all its instances healthy on the
 *   other nodes, RUNS times (node-3 is a remote node whose agent is a separate process).</li>
 * </ol>
 * Prints each run and the medians; asserts nothing.
 */
public final class FailoverBenchmark {

    private FailoverBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path dir = Files.createTempDirectory("plinth-failover");
        int base = 10000 + ThreadLocalRandom.current().nextInt(220) * 100;
        Path inventory = dir.resolve("nodes.yaml");
        Files.writeString(inventory, """
                nodes:
                  - { name: node-1, kind: local, capacity: { cpu: 4, memoryMb: 4096 }, runtime: process, ports: { from: %d, to: %d } }
                  - { name: node-2, kind: local, capacity: { cpu: 4, memoryMb: 4096 }, runtime: process, ports: { from: %d, to: %d } }
                  - { name: node-3, kind: remote, address: 127.0.0.1, capacity: { cpu: 4, memoryMb: 4096 }, runtime: process,
                      ports: { from: %d, to: %d } }
                """.formatted(base, base + 29, base + 30, base + 59, base + 60, base + 89));
        Map<String, String> env = TestPlatforms.environment(dir.resolve("data"));
        env.put("PLINTH_INVENTORY", inventory.toString());
        Path agentData = dir.resolve("agent-node-3");
        List<Long> kills = new ArrayList<>();
        List<Long> losses = new ArrayList<>();
        try (Platform platform = Platform.start(PlatformSettings.fromEnvironment(env))) {
            Http http = new Http(platform.gatewayUrl());
            String admin = http.login(Infrastructure.ADMIN_USER, platform.secrets().adminPassword());
            Process agent = NodeAgents.start(platform, inventory, agentData);
            NodeAgents.awaitState(http, admin, "node-3", "READY");

            for (int run = 1; run <= runs; run++) {
                // An app of its own per run: failures of one deployment within 10 minutes back off
                // (1 s, 2 s, 4 s, ...), and this measures the first one, which is replaced at once.
                String killName = "bench-kill-" + run;
                http.upload("/api/apps", "package", killName + ".zip", ExamplePackages.variant(killName, "1.0.0", false), admin);
                http.post("/api/apps/" + killName + "/deployments", Map.of("version", "1.0.0", "instances", 3), admin);
                Deployments killApp = new Deployments(http, admin, killName);
                killApp.awaitRunning("1.0.0", 3, Duration.ofSeconds(120));
                Set<String> before = ids(killApp.healthy(killApp.current(), "1.0.0"));
                String victim = before.iterator().next();
                ProcessHandle process = Waits.until("the process of " + victim, Duration.ofSeconds(10),
                        () -> InstanceProcesses.app(victim).orElse(null), () -> "not found");
                Instant killed = Instant.now();
                process.destroyForcibly();
                Waits.until("a replacement", Duration.ofSeconds(60), () -> {
                    Set<String> now = ids(killApp.healthy(killApp.current(), "1.0.0"));
                    return now.size() == 3 && !now.contains(victim) ? now : null;
                }, () -> String.valueOf(killApp.current()));
                long ms = Duration.between(killed, Instant.now()).toMillis();
                kills.add(ms);
                System.out.println("kill -9 run " + run + ": replacement healthy after " + ms + " ms");
                // Stop it, so the next runs have the machine to themselves.
                http.send("DELETE", "/api/apps/" + killName + "/deployments/" + killApp.current().path("id").asText(), null, admin, Map.of());
                Thread.sleep(2000);
            }

            for (int run = 1; run <= runs; run++) {
                String app = "bench-node-" + run;
                http.upload("/api/apps", "package", app + ".zip", ExamplePackages.variant(app, "1.0.0", false), admin);
                http.post("/api/apps/" + app + "/deployments", Map.of("version", "1.0.0", "instances", 3), admin);
                Deployments deployments = new Deployments(http, admin, app);
                JsonNode running = deployments.awaitRunning("1.0.0", 3, Duration.ofSeconds(120));
                long onNode3 = deployments.healthy(running, "1.0.0").stream().filter(i -> "node-3".equals(i.path("node").asText())).count();
                agent.destroyForcibly();
                agent.waitFor(30, TimeUnit.SECONDS);
                Instant died = Instant.now();
                InstanceProcesses.under(agentData).forEach(ProcessHandle::destroyForcibly);
                Waits.until("instances healthy elsewhere", Duration.ofSeconds(90), () -> {
                    List<JsonNode> healthy = deployments.healthy(deployments.current(), "1.0.0");
                    return healthy.size() == 3 && healthy.stream().noneMatch(i -> "node-3".equals(i.path("node").asText())) ? healthy : null;
                }, () -> String.valueOf(deployments.current()));
                long ms = Duration.between(died, Instant.now()).toMillis();
                losses.add(ms);
                System.out.println("node loss run " + run + ": " + onNode3 + " instance(s) moved; all healthy elsewhere after " + ms + " ms");
                agent = NodeAgents.start(platform, inventory, agentData);
                NodeAgents.awaitState(http, admin, "node-3", "READY");
            }
            agent.destroy();
            agent.waitFor(30, TimeUnit.SECONDS);
        }
        System.out.println("median kill -9 -> replacement healthy: " + median(kills) + " ms (runs " + kills + ")");
        System.out.println("median node killed -> its instances healthy elsewhere: " + median(losses) + " ms (runs " + losses
                + "); the agent's last heartbeat is up to 2 s before the kill, and a node counts as lost after "
                + System.getProperty("plinth.nodes.lost-after", "10s") + " without one");
        System.exit(0);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static Set<String> ids(List<JsonNode> instances) {
        return instances.stream().map(i -> i.path("id").asText()).collect(Collectors.toSet());
    }
}
