package dev.plinth.bootstrapper;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.testkit.wait.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Schedules survive a restart of the whole platform between their creation and their firing: an
 * `at` schedule fires once, a recurring one with a duration starts its app and stops it again.
 */
// It waits for wall-clock minutes and whole-platform restarts: longer than the default per test.
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ScheduleTest {

    @TempDir
    Path data;

    @Test
    void schedulesFireAfterARestart() throws Exception {
        String developer;
        String atScheduleId;
        String cronScheduleId;
        Instant at;
        try (Platform first = Platform.start(TestPlatforms.settings(data))) {
            Http http = new Http(first.gatewayUrl());
            developer = AuthScenarios.registration(http);
            String token = http.login(developer, "correct-horse-battery");
            assertEquals(201, http.upload("/api/apps", "package", "a.zip", ExamplePackages.variant("hello-at", "1.0.0", false), token).status());
            assertEquals(201, http.upload("/api/apps", "package", "c.zip", ExamplePackages.variant("hello-cron", "1.0.0", false), token).status());

            at = Instant.now().plusSeconds(45).truncatedTo(ChronoUnit.SECONDS);
            Http.Answer atSchedule = http.post("/api/apps/hello-at/deployments",
                    Map.of("version", "1.0.0", "instances", 1, "schedule", Map.of("at", at.toString())), token);
            assertEquals(201, atSchedule.status(), atSchedule.toString());
            atScheduleId = atSchedule.json().path("id").asText();

            // The next minute must be far enough away for the restart to happen first.
            int second = Instant.now().atZone(ZoneOffset.UTC).getSecond();
            if (second > 20) {
                Thread.sleep((61 - second) * 1000L);
            }
            Http.Answer cron = http.post("/api/apps/hello-cron/deployments",
                    Map.of("version", "1.0.0", "instances", 1, "schedule", Map.of("cron", "* * * * *", "durationSeconds", 20)), token);
            assertEquals(201, cron.status(), cron.toString());
            cronScheduleId = cron.json().path("id").asText();
        }

        try (Platform second = Platform.start(TestPlatforms.settings(data))) {
            Http http = new Http(second.gatewayUrl());
            String token = http.login(developer, "correct-horse-battery");

            JsonNode atRun = Waits.until("the `at` schedule's deployment to run", Duration.ofSeconds(120), () -> {
                JsonNode d = first(http.get("/api/apps/hello-at/deployments", token).json());
                return d != null && "RUNNING".equals(d.path("status").asText()) ? d : null;
            }, () -> http.get("/api/apps/hello-at/deployments", token).text());
            assertEquals(atScheduleId, atRun.path("scheduleId").asText(atScheduleId), atRun.toString());
            JsonNode atSchedule = schedule(http, token, "hello-at", atScheduleId);
            assertEquals("DONE", atSchedule.path("state").asText(), atSchedule.toString());
            assertEquals(1, atSchedule.path("fired").size(), "fired exactly once: " + atSchedule);
            assertTrue(!Instant.parse(atSchedule.path("fired").get(0).path("at").asText()).isBefore(at), atSchedule.toString());
            assertEquals(1, http.get("/api/apps/hello-at/deployments", token).json().size(), "one deployment from one firing");

            Waits.until("the recurring schedule to start its app", Duration.ofSeconds(120), () -> {
                JsonNode d = first(http.get("/api/apps/hello-cron/deployments", token).json());
                return d != null && "RUNNING".equals(d.path("status").asText()) ? d : null;
            }, () -> http.get("/api/apps/hello-cron/deployments", token).text());
            Waits.until("the recurring run to stop after its duration", Duration.ofSeconds(90), () -> {
                JsonNode d = first(http.get("/api/apps/hello-cron/deployments", token).json());
                return d != null && !d.path("active").asBoolean(true) ? d : null;
            }, () -> http.get("/api/apps/hello-cron/deployments", token).text());
            JsonNode cron = schedule(http, token, "hello-cron", cronScheduleId);
            assertEquals("ACTIVE", cron.path("state").asText(), "a recurring schedule goes on: " + cron);
            assertTrue(cron.path("fired").size() >= 1, cron.toString());
        }
    }

    private static JsonNode first(JsonNode list) {
        return list != null && list.isArray() && list.size() > 0 ? list.get(0) : null;
    }

    private static JsonNode schedule(Http http, String token, String app, String id) {
        for (JsonNode s : http.get("/api/apps/" + app + "/schedules", token).json()) {
            if (id.equals(s.path("id").asText())) {
                return s;
            }
        }
        throw new AssertionError("no schedule " + id + " for " + app);
    }
}
