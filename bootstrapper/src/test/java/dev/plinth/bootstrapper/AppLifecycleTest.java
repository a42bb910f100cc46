package dev.plinth.bootstrapper;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.bootstrapper.supervisor.SubsystemHost;
import dev.plinth.testkit.wait.Waits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The app developer's journey on the real embedded platform with three local nodes: upload the
 * example, deploy three instances, reach all of them through the gateway, upgrade with no failed
 * request, and watch a broken version roll back while the previous one keeps serving.
 * <p>
 * And real failures on the same platform: an instance killed with SIGKILL is replaced while
 * requests keep succeeding; the deployer dies in the middle of a rollout and, restarted by the
 * supervisor, finishes it; an instance's log lines are searchable within seconds; an app whose every
 * instance crashes backs off and is given up, while a healthy app keeps serving and another app
 * still deploys (one broken app never blocks others).
 * <p>
 * One platform serves every test (a start and a stop are a good part of each test's time): each
 * test deploys apps of its own names, and none waits for the platform to be idle.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppLifecycleTest {

    Platform platform;
    Http http;
    String token;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        platform = Platform.start(TestPlatforms.settings(data));
        http = new Http(platform.gatewayUrl());
        String developer = AuthScenarios.registration(http);
        token = http.login(developer, "correct-horse-battery");
    }

    @AfterAll
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void uploadDeployUpgradeAndRollBack() throws Exception {
        Http.Answer uploaded = http.upload("/api/apps", "package", "hello-http-1.0.0.zip", ExamplePackages.v1(), token);
        assertEquals(201, uploaded.status(), uploaded.toString());

        Http.Answer deployed = http.post("/api/apps/hello-http/deployments", Map.of("version", "1.0.0", "instances", 3), token);
        assertTrue(deployed.status() == 201 || deployed.status() == 200, deployed.toString());
        JsonNode running = awaitRunning("1.0.0", 3, Duration.ofSeconds(120));
        Set<String> nodes = new HashSet<>();
        running.path("instances").forEach(i -> {
            if ("HEALTHY".equals(i.path("state").asText())) {
                nodes.add(i.path("node").asText());
            }
        });
        assertTrue(nodes.size() >= 2, "the instances are spread over at least 2 nodes: " + running);
        assertTrue(running.path("link").asText().endsWith("/apps/hello-http/"), running.toString());

        Set<String> reached = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            Http.Answer answer = http.get("/apps/hello-http/", null);
            assertEquals(200, answer.status(), answer.toString());
            reached.add(answer.json().path("instance").asText());
        }
        assertEquals(3, reached.size(), "30 requests reach all 3 instances: " + reached);

        String other = http.login(AuthScenarios.registration(http), "correct-horse-battery");
        for (String path : java.util.List.of("/api/apps/hello-http", "/api/apps/hello-http/versions",
                "/api/apps/hello-http/versions/1.0.0", "/api/apps/hello-http/deployments", "/api/apps/hello-http/schedules",
                "/api/logs?app=hello-http")) {
            assertEquals(404, http.get(path, other).status(), "another developer's app looks missing: " + path);
        }
        assertEquals(404, http.post("/api/apps/hello-http/deployments", Map.of("version", "1.0.0"), other).status());
        assertEquals(404, http.send("DELETE", "/api/apps/hello-http", null, other, Map.of()).status());
        assertEquals(0, http.get("/api/apps", other).json().size(), "another developer's app is not listed");

        try (Load load = new Load(http, "/apps/hello-http/")) {
            Http.Answer v2 = http.upload("/api/apps", "package", "hello-http-2.0.0.zip", ExamplePackages.variant("2.0.0", false), token);
            assertEquals(201, v2.status(), v2.toString());
            Http.Answer upgrade = http.post("/api/apps/hello-http/deployments", Map.of("version", "2.0.0", "instances", 3), token);
            assertTrue(upgrade.status() == 200 || upgrade.status() == 201, upgrade.toString());
            awaitRunning("2.0.0", 3, Duration.ofSeconds(180));
            load.assertNoFailures("during the rolling upgrade to 2.0.0");
            assertTrue(load.versions().contains("2.0.0"), "2.0.0 serves after the upgrade: " + load.versions());
        }
        // The replaced 1.0.0 instances stop gracefully and leave the routes within a resync.
        int[] inARow = {0};
        Waits.until("only 2.0.0 to answer", Duration.ofSeconds(30), () -> {
            Http.Answer a = http.get("/apps/hello-http/", null);
            inARow[0] = a.status() == 200 && "2.0.0".equals(a.json().path("version").asText()) ? inARow[0] + 1 : 0;
            return inARow[0] >= 10 ? Boolean.TRUE : null;
        }, () -> "still mixed");

        try (Load load = new Load(http, "/apps/hello-http/")) {
            Http.Answer v3 = http.upload("/api/apps", "package", "hello-http-3.0.0.zip", ExamplePackages.variant("3.0.0", true), token);
            assertEquals(201, v3.status(), v3.toString());
            http.post("/api/apps/hello-http/deployments", Map.of("version", "3.0.0", "instances", 3), token);
            JsonNode failed = Waits.until("the 3.0.0 rollout to fail and roll back", Duration.ofSeconds(180), () -> {
                JsonNode d = deployment();
                return "FAILED".equals(d.path("status").asText()) && "2.0.0".equals(d.path("version").asText()) ? d : null;
            }, () -> String.valueOf(deployment()));
            assertTrue(failed.path("reason").asText().contains("3.0.0"), "the reason names the failed version: " + failed);
            awaitHealthy("2.0.0", 3, Duration.ofSeconds(120));
            load.assertNoFailures("while 3.0.0 failed and rolled back");
            assertEquals(Set.of("2.0.0"), load.versions(), "only 2.0.0 ever served");
        }
    }

    @Test
    void aKilledInstanceIsReplacedWhileRequestsKeepSucceeding() throws Exception {
        assertEquals(201, http.upload("/api/apps", "package", "k.zip", ExamplePackages.variant("hello-kill", "1.0.0", false), token).status());
        http.post("/api/apps/hello-kill/deployments", Map.of("version", "1.0.0", "instances", 3), token);
        Deployments deployments = new Deployments(http, token, "hello-kill");
        JsonNode running = deployments.awaitRunning("1.0.0", 3, Duration.ofSeconds(120));
        Set<String> before = ids(deployments.healthy(running, "1.0.0"));
        String victim = before.iterator().next();

        try (Load load = new Load(http, "/apps/hello-kill/")) {
            // The load runs a while on purpose before the kill, so requests are in flight when it comes.
            Thread.sleep(500);
            ProcessHandle process = Waits.until("the process of " + victim, Duration.ofSeconds(10),
                    () -> InstanceProcesses.app(victim).orElse(null), () -> "not found");
            Instant killed = Instant.now();
            assertTrue(process.destroyForcibly(), "SIGKILL sent");
            JsonNode healed = Waits.until("a replacement of " + victim, Duration.ofSeconds(60), () -> {
                JsonNode d = deployments.current();
                Set<String> now = ids(deployments.healthy(d, "1.0.0"));
                return now.size() == 3 && !now.contains(victim) ? d : null;
            }, () -> String.valueOf(deployments.current()));
            System.out.println("kill -9 of an instance -> replacement healthy: "
                    + Duration.between(killed, Instant.now()).toMillis() + " ms");
            // The load goes on a while on purpose after the replacement, across the change of endpoints.
            Thread.sleep(1000);
            load.assertNoFailures("while an instance was killed and replaced");
            assertEquals(3, deployments.healthy(healed, "1.0.0").size());
        }

        Http.Answer logs = Waits.until("the instances' log lines to be searchable", Duration.ofSeconds(30), () -> {
            Http.Answer a = http.get("/api/logs?app=hello-kill&q=GET%20/apps/hello-kill", token);
            return a.status() == 200 && a.json().path("records").size() > 0 ? a : null;
        }, () -> http.get("/api/logs?app=hello-kill", token).text());
        assertTrue(logs.json().path("records").get(0).path("message").asText().contains("GET /apps/hello-kill"), logs.toString());
    }

    @Test
    void theDeployerDiesInTheMiddleOfARolloutAndTheRolloutCompletes() throws Exception {
        assertEquals(201, http.upload("/api/apps", "package", "r.zip", ExamplePackages.variant("hello-roll", "1.0.0", false), token).status());
        http.post("/api/apps/hello-roll/deployments", Map.of("version", "1.0.0", "instances", 3), token);
        Deployments deployments = new Deployments(http, token, "hello-roll");
        deployments.awaitRunning("1.0.0", 3, Duration.ofSeconds(120));

        assertEquals(201, http.upload("/api/apps", "package", "r2.zip", ExamplePackages.variant("hello-roll", "2.0.0", false), token).status());
        http.post("/api/apps/hello-roll/deployments", Map.of("version", "2.0.0", "instances", 3), token);
        Waits.until("the rollout to 2.0.0 to be under way", Duration.ofSeconds(60), () -> {
            JsonNode d = deployments.current();
            boolean started = false;
            for (JsonNode i : d.path("instances")) {
                started |= "2.0.0".equals(i.path("version").asText());
            }
            return started && deployments.healthy(d, "2.0.0").size() < 3 ? d : null;
        }, () -> String.valueOf(deployments.current()));

        SubsystemHost deployer = platform.supervisor().host("deployer").orElseThrow();
        int startsBefore = deployer.starts();
        deployer.context().close();
        assertFalse(deployer.running(), "the deployer is down");

        deployments.awaitRunning("2.0.0", 3, Duration.ofSeconds(180));
        assertTrue(deployer.running() && deployer.starts() > startsBefore, "the supervisor restarted the deployer");
        assertTrue(platform.selfHealing().restarts().getOrDefault("deployer", 0) >= 1, String.valueOf(platform.selfHealing().restarts()));
    }

    @Test
    void aCrashLoopingAppNeverBlocksOthers() throws Exception {
        assertEquals(201, http.upload("/api/apps", "package", "s.zip", ExamplePackages.variant("steady", "1.0.0", false), token).status());
        assertEquals(201, http.upload("/api/apps", "package", "c.zip", ExamplePackages.crashing("crashing", "1.0.0"), token).status());
        assertEquals(201, http.upload("/api/apps", "package", "l.zip", ExamplePackages.variant("latecomer", "1.0.0", false), token).status());
        assertEquals(201, http.post("/api/apps/steady/deployments", Map.of("version", "1.0.0", "instances", 2), token).status());
        new Deployments(http, token, "steady").awaitRunning("1.0.0", 2, Duration.ofSeconds(120));

        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread load = new Thread(() -> {
            while (loading.get()) {
                Http.Answer answer = http.get("/apps/steady/", null);
                if (answer.status() == 200) {
                    served.incrementAndGet();
                } else {
                    failures.add(answer.toString());
                }
            }
        }, "steady-load");
        load.start();
        try {
            Deployments crashing = new Deployments(http, token, "crashing");
            assertEquals(201, http.post("/api/apps/crashing/deployments", Map.of("version", "1.0.0", "instances", 1), token).status());
            Set<String> crashed = new LinkedHashSet<>();
            Waits.until("the crashing app to be replaced after a crash", Duration.ofSeconds(90), () -> {
                crashing.current().path("instances").forEach(i -> crashed.add(i.path("id").asText()));
                return crashed.size() >= 2 ? Boolean.TRUE : null;
            }, () -> crashed + " " + crashing.current());
            JsonNode looping = crashing.current();
            assertNotEquals("FAILED", looping.path("status").asText(), "still retrying when the next app is deployed: " + looping);

            assertEquals(201, http.post("/api/apps/latecomer/deployments", Map.of("version", "1.0.0", "instances", 1), token).status());
            new Deployments(http, token, "latecomer").awaitRunning("1.0.0", 1, Duration.ofSeconds(90));
            assertEquals(200, http.get("/apps/latecomer/", null).status());

            JsonNode givenUp = Waits.until("the crashing app to be given up", Duration.ofSeconds(180), () -> {
                JsonNode d = crashing.current();
                d.path("instances").forEach(i -> crashed.add(i.path("id").asText()));
                return "FAILED".equals(d.path("status").asText()) ? d : null;
            }, () -> String.valueOf(crashing.current()));
            assertTrue(givenUp.path("reason").asText().contains("gave up after 5 failures"), givenUp.toString());
            assertTrue(crashed.size() >= 2, "it was restarted before it was given up: " + crashed);
        } finally {
            loading.set(false);
            load.join(TimeUnit.SECONDS.toMillis(70));
        }
        assertTrue(served.get() > 0, "the steady app was asked");
        assertEquals(List.of(), failures, "the steady app answered every request (" + served.get() + " served)");
    }

    private static Set<String> ids(java.util.List<JsonNode> instances) {
        return instances.stream().map(i -> i.path("id").asText()).collect(Collectors.toSet());
    }

    private JsonNode deployment() {
        Http.Answer list = http.get("/api/apps/hello-http/deployments", token);
        for (JsonNode d : list.json() == null ? List.<JsonNode>of() : iterable(list.json())) {
            if (!"STOPPED".equals(d.path("status").asText())) {
                return d;
            }
        }
        return list.json();
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        JsonNode items = node.isArray() ? node : node.path("deployments");
        return items::elements;
    }

    private JsonNode awaitRunning(String version, int count, Duration timeout) {
        return Waits.until(count + " healthy instances of " + version, timeout, () -> {
            JsonNode d = deployment();
            return "RUNNING".equals(d.path("status").asText()) && version.equals(d.path("version").asText())
                    && healthyCount(d, version) == count ? d : null;
        }, () -> String.valueOf(deployment()));
    }

    private void awaitHealthy(String version, int count, Duration timeout) {
        Waits.until(count + " healthy instances of " + version, timeout,
                () -> healthyCount(deployment(), version) >= count ? Boolean.TRUE : null, () -> String.valueOf(deployment()));
    }

    private static int healthyCount(JsonNode deployment, String version) {
        int n = 0;
        for (JsonNode i : iterable(deployment.path("instances"))) {
            if ("HEALTHY".equals(i.path("state").asText()) && version.equals(i.path("version").asText())) {
                n++;
            }
        }
        return n;
    }

    /** Requests an app in a loop on another thread, counting answers by status and version. */
    static final class Load implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger ok = new AtomicInteger();
        private final Map<String, Integer> failures = new ConcurrentHashMap<>();
        private final Set<String> versions = ConcurrentHashMap.newKeySet();
        private final Thread thread;

        Load(Http http, String path) {
            thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        Http.Answer answer = http.get(path, null);
                        if (answer.status() == 200) {
                            ok.incrementAndGet();
                            versions.add(answer.json().path("version").asText());
                        } else {
                            // The headers say who answered (an instance, the gateway, something else).
                            failures.merge(answer.status() + " " + answer.text() + " " + answer.raw().headers().map(),
                                    1, Integer::sum);
                        }
                    } catch (RuntimeException e) {
                        failures.merge(e.toString(), 1, Integer::sum);
                    }
                }
            }, "load");
            thread.start();
        }

        void assertNoFailures(String when) {
            assertTrue(ok.get() > 20, "the load got answers " + when + ": " + ok.get());
            assertTrue(failures.isEmpty(), "no failed request " + when + ": " + failures + " (" + ok.get() + " succeeded)");
        }

        Set<String> versions() {
            return Set.copyOf(versions);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }
}
