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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real failures on the real embedded platform: an instance killed with SIGKILL is replaced while
 * requests keep succeeding; the deployer dies in the middle of a rollout and, restarted by the
 * supervisor, finishes it; an instance's log lines are searchable within seconds; an app whose every
 * instance crashes backs off and is given up, while a healthy app keeps serving and another app
 * still deploys (one broken app never blocks others).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailureTest {

    Platform platform;
    Http http;
    String token;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        platform = Platform.start(TestPlatforms.settings(data));
        http = new Http(platform.gatewayUrl());
        token = http.login(AuthScenarios.registration(http), "correct-horse-battery");
    }

    @AfterAll
    void stop() {
        if (platform != null) {
            platform.close();
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

        try (AppLifecycleTest.Load load = new AppLifecycleTest.Load(http, "/apps/hello-kill/")) {
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
}
