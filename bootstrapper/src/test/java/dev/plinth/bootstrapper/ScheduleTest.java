package dev.plinth.bootstrapper;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.bootstrapper.supervisor.SubsystemHost;
import dev.plinth.testkit.wait.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Schedules survive a restart of the whole platform between their creation and their firing: an
 * `at` schedule fires once, a recurring one with a duration starts its app and stops it again.
 *
 * <p>The test drives the schedules' clock ({@code plinth.scheduler.clock-offset}, read when
 * app-controller starts) instead of waiting for their times: the second platform starts with its
 * schedules' clock just past both times, and app-controller is restarted once more with the clock
 * past the end of the recurring run.</p>
 */
// Two whole-platform starts and a restart of app-controller: longer than the default per test.
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ScheduleTest {

    private static final String CLOCK_OFFSET = "plinth.scheduler.clock-offset";

    @TempDir
    Path data;

    @AfterEach
    void realTimeAgain() {
        System.clearProperty(CLOCK_OFFSET);
    }

    @Test
    void schedulesFireAfterARestart() throws Exception {
        String developer;
        String atScheduleId;
        String cronScheduleId;
        Instant at;
        Instant cronAt;
        long durationSeconds = 300;
        try (Platform first = Platform.start(TestPlatforms.settings(data))) {
            Http http = new Http(first.gatewayUrl());
            developer = AuthScenarios.registration(http);
            String token = http.login(developer, "correct-horse-battery");
            assertEquals(201, http.upload("/api/apps", "package", "a.zip", ExamplePackages.variant("hello-at", "1.0.0", false), token).status());
            assertEquals(201, http.upload("/api/apps", "package", "c.zip", ExamplePackages.variant("hello-cron", "1.0.0", false), token).status());

            // Both times are far enough away that neither can come while this platform runs.
            at = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
            Http.Answer atSchedule = http.post("/api/apps/hello-at/deployments",
                    Map.of("version", "1.0.0", "instances", 1, "schedule", Map.of("at", at.toString())), token);
            assertEquals(201, atSchedule.status(), atSchedule.toString());
            atScheduleId = atSchedule.json().path("id").asText();

            ZonedDateTime daily = Instant.now().plus(Duration.ofHours(2)).atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
            cronAt = daily.toInstant();
            Http.Answer cron = http.post("/api/apps/hello-cron/deployments",
                    Map.of("version", "1.0.0", "instances", 1, "schedule", Map.of(
                            "cron", daily.getMinute() + " " + daily.getHour() + " * * *", "durationSeconds", durationSeconds)), token);
            assertEquals(201, cron.status(), cron.toString());
            cronScheduleId = cron.json().path("id").asText();
            assertEquals(cronAt, Instant.parse(cron.json().path("nextFireAt").asText()), cron.toString());
        }

        // Past both times, within the recurring run.
        aheadTo(cronAt.plusSeconds(1));
        try (Platform second = Platform.start(TestPlatforms.settings(data))) {
            Http http = new Http(second.gatewayUrl());
            String token = http.login(developer, "correct-horse-battery");

            JsonNode atRun = Waits.until("the `at` schedule's deployment to run", Duration.ofSeconds(120), () -> {
                JsonNode d = first(http.get("/api/apps/hello-at/deployments", token).json());
                return d != null && "RUNNING".equals(d.path("status").asText()) ? d : null;
            }, () -> http.get("/api/apps/hello-at/deployments", token).text());
            assertEquals(atScheduleId, atRun.path("scheduleId").asText(), atRun.toString());
            JsonNode atSchedule = schedule(http, token, "hello-at", atScheduleId);
            assertEquals("DONE", atSchedule.path("state").asText(), atSchedule.toString());
            assertEquals(1, atSchedule.path("fired").size(), "fired exactly once: " + atSchedule);
            assertTrue(!Instant.parse(atSchedule.path("fired").get(0).path("at").asText()).isBefore(at), atSchedule.toString());
            assertEquals(1, http.get("/api/apps/hello-at/deployments", token).json().size(), "one deployment from one firing");

            JsonNode cronRun = Waits.until("the recurring schedule to start its app", Duration.ofSeconds(120), () -> {
                JsonNode d = first(http.get("/api/apps/hello-cron/deployments", token).json());
                return d != null && "RUNNING".equals(d.path("status").asText()) ? d : null;
            }, () -> http.get("/api/apps/hello-cron/deployments", token).text());
            assertEquals(cronScheduleId, cronRun.path("scheduleId").asText(), cronRun.toString());

            // The run's end comes: app-controller starts again with its schedules' clock past it (set
            // first, as the platform's self-healing may be the one to start it).
            SubsystemHost appController = second.supervisor().host("app-controller").orElseThrow();
            aheadTo(cronAt.plusSeconds(durationSeconds + 1));
            appController.stop();
            appController.start();
            Waits.until("the recurring run to stop after its duration", Duration.ofSeconds(90), () -> {
                JsonNode d = first(http.get("/api/apps/hello-cron/deployments", token).json());
                return d != null && !d.path("active").asBoolean(true) ? d : null;
            }, () -> http.get("/api/apps/hello-cron/deployments", token).text());
            JsonNode cron = schedule(http, token, "hello-cron", cronScheduleId);
            assertEquals("ACTIVE", cron.path("state").asText(), "a recurring schedule goes on: " + cron);
            assertTrue(cron.path("fired").size() >= 1, cron.toString());
            assertEquals(cronAt, Instant.parse(cron.path("fired").get(0).path("at").asText()), "fired for its time: " + cron);
        }
    }

    /** Sets the schedules' clock of the next app-controller to start so that now is {@code instant} there. */
    private static void aheadTo(Instant instant) {
        System.setProperty(CLOCK_OFFSET, Duration.between(Instant.now(), instant).toMillis() + "ms");
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
