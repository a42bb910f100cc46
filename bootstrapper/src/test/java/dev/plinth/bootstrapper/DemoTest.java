package dev.plinth.bootstrapper;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.bootstrapper.demo.SpeedAlertDemo;
import dev.plinth.bootstrapper.infra.Infrastructure;
import dev.plinth.testkit.wait.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo {@code plinth up} starts: the cars' readings reach speed-alert's two instances, the buzzer
 * beeps, and a restart with the same data directory finds everything there (no second version,
 * deployment or device, the same device tokens) and runs again.
 */
class DemoTest {

    private static final Duration WAIT = Duration.ofSeconds(180);

    @TempDir
    Path data;

    private static PlatformSettings withDemo(Path data) {
        Map<String, String> env = TestPlatforms.environment(data);
        env.put("PLINTH_DEMO", "true");
        return PlatformSettings.fromEnvironment(env);
    }

    @Test
    void theDemoRunsAndARestartFindsItThere() throws Exception {
        Path tokens = data.resolve(SpeedAlertDemo.DIRECTORY).resolve("devices.properties");
        String deploymentId;
        Properties firstTokens;
        SpeedAlertDemo first;
        try (Platform platform = Platform.start(withDemo(data))) {
            SpeedAlertDemo demo = platform.demo();
            first = demo;
            Http http = new Http(platform.gatewayUrl());
            String admin = http.login(Infrastructure.ADMIN_USER, platform.secrets().adminPassword());
            Waits.until("the demo to run", WAIT, () -> demo.state() == SpeedAlertDemo.State.RUNNING ? demo : null,
                    () -> demo.state().toString());
            Deployments deployments = new Deployments(http, admin, SpeedAlertDemo.APP);
            JsonNode running = deployments.awaitRunning(SpeedAlertDemo.VERSION, SpeedAlertDemo.INSTANCES, WAIT);
            deploymentId = running.path("id").asText();
            awaitReadingsAtBothInstances(http, admin, running);
            Waits.until("a beep of the buzzer (a car above 90 km/h)", Duration.ofSeconds(300),
                    () -> demo.beeps() > 0 ? demo.beeps() : null, () -> "cars: " + demo.totals());

            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens)));
            firstTokens = load(tokens);
            assertEquals(SpeedAlertDemo.CARS + 1, firstTokens.size(), firstTokens.keySet().toString());
            JsonNode app = http.get("/api/apps/" + SpeedAlertDemo.APP, admin).json();
            assertEquals(Infrastructure.ADMIN_USER, app.path("owner").asText(), app.toString());
        }
        assertEquals(SpeedAlertDemo.State.STOPPED, first.state(), "the demo stops with the platform");

        try (Platform again = Platform.start(withDemo(data))) {
            SpeedAlertDemo demo = again.demo();
            Http http = new Http(again.gatewayUrl());
            String admin = http.login(Infrastructure.ADMIN_USER, again.secrets().adminPassword());
            Waits.until("the demo to run again", WAIT, () -> demo.state() == SpeedAlertDemo.State.RUNNING ? demo : null,
                    () -> demo.state().toString());
            Deployments deployments = new Deployments(http, admin, SpeedAlertDemo.APP);
            JsonNode running = deployments.awaitRunning(SpeedAlertDemo.VERSION, SpeedAlertDemo.INSTANCES, WAIT);
            assertEquals(deploymentId, running.path("id").asText(), "the same deployment runs again");
            assertEquals(1, http.get("/api/apps/" + SpeedAlertDemo.APP + "/deployments", admin).json().size());
            assertEquals(1, http.get("/api/apps/" + SpeedAlertDemo.APP + "/versions", admin).json().size());
            assertEquals(SpeedAlertDemo.CARS + 1, http.get("/api/sensors", admin).json().size());
            assertEquals(firstTokens, load(tokens), "no device was registered again or given a new token");
            awaitReadingsAtBothInstances(http, admin, running);
        }
    }

    @Test
    void theSettingAndTheOptionTurnItOff() {
        assertTrue(PlatformSettings.fromEnvironment(Map.of()).demo(), "on by default");
        assertTrue(!PlatformSettings.fromEnvironment(Map.of("PLINTH_DEMO", "false")).demo());
        assertTrue(!TestPlatforms.settings(data).demo(), "tests start platforms without it");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> PlatformSettings.fromEnvironment(Map.of("PLINTH_DEMO", "maybe")));
        assertEquals("PLINTH_DEMO must be true or false, not 'maybe'", e.getMessage());
    }

    /** Each instance, reached directly on its node, counts readings it received. */
    private static void awaitReadingsAtBothInstances(Http http, String admin, JsonNode deployment) {
        for (Map.Entry<String, Http> instance : SpeedAlertFixture.directly(http, admin, deployment).entrySet()) {
            Http direct = instance.getValue();
            Waits.until("readings at " + instance.getKey(), WAIT, () -> {
                JsonNode status = direct.get("/", null).json();
                return status != null && status.path("readingsReceived").asLong() > 0 ? status : null;
            }, () -> String.valueOf(direct.get("/", null)));
        }
        JsonNode viaGateway = http.get(SpeedAlertDemo.appPath(), null).json();
        assertEquals(SpeedAlertDemo.APP, viaGateway.path("app").asText(), String.valueOf(viaGateway));
    }

    private static Properties load(Path file) throws Exception {
        Properties props = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            props.load(in);
        }
        return props;
    }
}
