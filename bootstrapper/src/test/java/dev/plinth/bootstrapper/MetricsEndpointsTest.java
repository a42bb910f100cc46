package dev.plinth.bootstrapper;

import dev.plinth.bootstrapper.infra.Infrastructure;
import dev.plinth.bootstrapper.cli.PlinthCli;
import dev.plinth.bootstrapper.infra.Ports;
import dev.plinth.bootstrapper.supervisor.SubsystemHost;
import dev.plinth.kit.security.ServiceTokens;
import dev.plinth.testkit.wait.Waits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the platform says about itself, on one platform. {@code /prometheus} of every subsystem in
 * one JVM, as {@code plinth up} runs them: each context serves its own registry, to admins and
 * services only, every meter tagged with the subsystem, and the JVM's own meters appear in exactly
 * one of them. And a stopped subsystem turns the platform's {@code /health} and {@code plinth status}
 * DOWN, both UP again once it is back; {@code plinth status} says when nothing answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsEndpointsTest {

    private Platform platform;
    private Http http;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        platform = Platform.start(TestPlatforms.settings(data));
        http = new Http(platform.gatewayUrl());
    }

    @AfterAll
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void everySubsystemServesItsOwnMetersToAdminsAndServicesOnly() {
        String admin = http.login(Infrastructure.ADMIN_USER, platform.secrets().adminPassword());
        String developer = http.login(AuthScenarios.registration(http), "correct-horse-battery");
        List<String> jvmHolders = new ArrayList<>();
        // Each subsystem's own meters (beside the executors' and, in one context, the JVM's), named here,
        // so a meter that disappears or a subsystem that gains one unnoticed fails the test.
        Map<String, Set<String>> ownMeters = Map.of(
                "node-manager", Set.of("plinth_nodes", "plinth_instances"),
                "deployer", Set.of("plinth_deployments"),
                "monitor", Set.of("plinth_alerts_open", "plinth_alerts_webhook_total", "plinth_heartbeat_lag_seconds"),
                "app-controller", Set.of(),
                "sensor-manager", Set.of(),
                "logger", Set.of(),
                // Its proxy meters are per app: none before an app is asked for.
                "api-gateway", Set.of());
        Set<String> scraped = new java.util.TreeSet<>();
        int subsystems = 0;
        for (SubsystemHost host : platform.supervisor().hosts()) {
            if (host.url() == null) {
                continue;
            }
            subsystems++;
            Http direct = new Http(host.url());
            assertEquals(401, direct.get("/prometheus", null).status(), host.name());
            assertEquals(403, direct.get("/prometheus", developer).status(), host.name() + " refuses developers");
            String service = host.context().getBean(ServiceTokens.class).issue();
            assertEquals(200, direct.get("/prometheus", service).status(), host.name() + " serves platform parts");
            Http.Answer scrape = direct.get("/prometheus", admin);
            assertEquals(200, scrape.status(), host.name());
            String text = scrape.text();
            for (String line : text.split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    assertTrue(line.contains("subsystem=\"" + host.name() + "\""), host.name() + " tags its meters: " + line);
                }
            }
            if (text.contains("\njvm_memory_used_bytes{")) {
                jvmHolders.add(host.name());
            }
            scraped.add(host.name());
            Set<String> expected = ownMeters.get(host.name());
            assertTrue(expected != null, host.name() + " has its own meters named in this test");
            // Gauges of heartbeats appear with the first heartbeat a subsystem sees: give them a moment.
            Set<String> own = Waits.until(host.name() + "'s own meters " + expected, Duration.ofSeconds(30), () -> {
                Set<String> found = plinthMeters(direct.get("/prometheus", admin).text());
                return found.equals(expected) ? found : null;
            }, () -> String.valueOf(plinthMeters(direct.get("/prometheus", admin).text())));
            assertEquals(expected, own, host.name());
        }
        assertEquals(ownMeters.keySet(), scraped, "every subsystem was scraped");
        assertEquals(7, subsystems);
        assertEquals(1, jvmHolders.size(), "the JVM's meters are in exactly one context: " + jvmHolders);

        Http.Answer summary = http.get("/api/metrics/summary", admin);
        assertEquals(200, summary.status(), summary.toString());
        assertTrue(summary.json().path("nodes").has("READY"), summary.toString());
        assertEquals(403, http.get("/api/metrics/summary", developer).status());
        assertEquals(403, http.get("/prometheus", developer).status(), "the gateway's own metrics too");
    }

    @Test
    void aStoppedSubsystemTurnsHealthAndStatusDownUntilItIsBack() throws Exception {
        String admin = http.login(Infrastructure.ADMIN_USER, platform.secrets().adminPassword());
        Waits.until("the platform to be UP", Duration.ofSeconds(60),
                () -> "UP".equals(http.get("/health", admin).json().path("status").asText()) ? Boolean.TRUE : null,
                () -> http.get("/health", admin).text());
        Status up = status("--data", platform.dataDir().toString());
        assertEquals(0, up.exitCode(), up.output());
        assertTrue(up.output().contains("Plinth at " + platform.gatewayUrl() + " is UP"), up.output());
        for (String subsystem : List.of("app-controller", "deployer", "node-manager", "sensor-manager", "monitor", "logger")) {
            assertTrue(up.output().contains(row(subsystem, "UP")), subsystem + " in " + up.output());
        }
        for (String node : List.of("node-1", "node-2", "node-3")) {
            assertTrue(up.output().contains(row(node, "READY")), node + " in " + up.output());
        }

        // The supervisor would restart it at once: only this test brings it back.
        platform.selfHealing().close();
        SubsystemHost logger = platform.supervisor().host("logger").orElseThrow();
        logger.stop();
        Http.Answer down = Waits.until("the platform to be DOWN", Duration.ofSeconds(30), () -> {
            Http.Answer health = http.get("/health", admin);
            return "DOWN".equals(health.json().path("status").asText()) ? health : null;
        }, () -> http.get("/health", admin).text());
        assertEquals(503, down.status(), down.toString());
        assertEquals("DOWN", down.json().path("status").asText(), down.toString());
        assertEquals("DOWN", down.json().path("details").path("subsystems").path("details").path("logger").path("status").asText(),
                down.toString());
        assertEquals("UP", down.json().path("details").path("subsystems").path("details").path("deployer").path("status").asText(),
                "the others stay up: " + down);
        Status withoutLogger = status("--data", platform.dataDir().toString());
        assertEquals(1, withoutLogger.exitCode(), withoutLogger.output());
        assertTrue(withoutLogger.output().contains("Plinth at " + platform.gatewayUrl() + " is DOWN"), withoutLogger.output());
        assertTrue(withoutLogger.output().contains(row("logger", "DOWN")), withoutLogger.output());
        assertTrue(withoutLogger.output().contains(row("deployer", "UP")), withoutLogger.output());

        logger.start();
        Waits.until("the platform to be UP again", Duration.ofSeconds(60),
                () -> "UP".equals(http.get("/health", admin).json().path("status").asText()) ? Boolean.TRUE : null,
                () -> http.get("/health", admin).text());
        Status again = status("--data", platform.dataDir().toString());
        assertEquals(0, again.exitCode(), again.output());
        assertTrue(again.output().contains(row("logger", "UP")), again.output());

        String nowhere = "http://127.0.0.1:" + Ports.free();
        Status unreachable = status("--url", nowhere, "--data", platform.dataDir().toString());
        assertEquals(3, unreachable.exitCode(), unreachable.output());
        assertTrue(unreachable.output().contains("Plinth does not answer at " + nowhere + ": is it running?"), unreachable.output());
    }

    /** @return the names of the Plinth meters in a scrape */
    private static Set<String> plinthMeters(String scrape) {
        Set<String> names = new java.util.TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith("plinth_")) {
                names.add(line.substring(0, line.indexOf('{') < 0 ? line.indexOf(' ') : line.indexOf('{')));
            }
        }
        return names;
    }

    private static String row(String name, String state) {
        return String.format("  %-16s %-9s ", name, state);
    }

    private record Status(int exitCode, String output) {
    }

    /** Runs {@code plinth status} as the command line does, with what it prints to stdout and stderr. */
    private static synchronized Status status(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            String[] command = new String[args.length + 1];
            command[0] = "status";
            System.arraycopy(args, 0, command, 1, args.length);
            int code = PlinthCli.run(command);
            return new Status(code, printed.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
