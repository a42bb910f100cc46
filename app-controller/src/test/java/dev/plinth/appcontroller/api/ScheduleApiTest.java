package dev.plinth.appcontroller.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.appcontroller.store.Database;
import dev.plinth.appcontroller.testing.ApiTestBase;
import dev.plinth.appcontroller.testing.ExamplePackages;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.DeploymentDocument;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scheduling a deployment through {@code POST .../deployments}: validation, the stored schedule, listing, cancelling. */
@MicronautTest(environments = {"plinth", "app-controller"}, transactional = false)
class ScheduleApiTest extends ApiTestBase {

    private static final String DEPLOYMENTS = "/api/apps/hello-http/deployments";
    private static final String SCHEDULES = "/api/apps/hello-http/schedules";

    @BeforeEach
    void uploadTheExample() {
        upload(ada, ExamplePackages.helloHttp()).expect(201);
    }

    private Reply schedule(String scheduleJson) {
        return postJson(DEPLOYMENTS, ada, "{\"version\": \"1.0.0\", \"schedule\": " + scheduleJson + "}");
    }

    @Test
    void storesAScheduleForAnInstant() {
        Instant at = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

        Reply reply = postJson(DEPLOYMENTS, ada, "{\"version\": \"1.0.0\", \"instances\": 2, \"schedule\": {\"at\": \"" + at + "\"}}").expect(201);

        JsonNode view = reply.json();
        String id = view.path("id").asText();
        assertEquals(SCHEDULES + "/" + id, reply.headers().get("Location"));
        assertEquals("AT", view.path("kind").asText());
        assertEquals("ACTIVE", view.path("state").asText());
        assertEquals(at, Instant.parse(view.path("nextFireAt").asText()));
        Document s = docs(Collections.SCHEDULES).get(0);
        assertEquals(id, s.get("_id"));
        assertEquals("hello-http", s.get("app"));
        assertEquals("ada", s.get("owner"));
        assertEquals("AT", s.get("kind"));
        assertEquals("1.0.0", s.get("version"));
        assertEquals(2, ((Number) s.get("instances")).intValue());
        assertEquals(Date.from(at), s.get("at"));
        assertEquals(Date.from(at), s.get("nextFireAt"));
        assertNull(s.get("stopAt"));
        assertEquals("ACTIVE", s.get("state"));
        assertEquals(List.of(), s.get("fired"));
        // Nothing is deployed until it fires.
        assertEquals(List.of(), docs(Collections.DEPLOYMENTS));
        assertEquals(List.of(), deploymentEvents.sent());
    }

    @Test
    void storesARecurringScheduleWithItsFirstTime() {
        Instant until = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

        JsonNode view = schedule("{\"cron\": \"*/5 * * * *\", \"durationSeconds\": 600, \"until\": \"" + until + "\"}").expect(201).json();

        assertEquals("CRON", view.path("kind").asText());
        assertEquals("*/5 * * * *", view.path("cron").asText());
        assertEquals("Z", view.path("zone").asText());
        assertEquals(600, view.path("durationSeconds").asInt());
        assertEquals(until, Instant.parse(view.path("until").asText()));
        Instant next = Instant.parse(view.path("nextFireAt").asText());
        assertTrue(next.isAfter(Instant.now()) && !next.isAfter(Instant.now().plusSeconds(300)), next.toString());
        assertEquals(0, next.atZone(java.time.ZoneOffset.UTC).getMinute() % 5);
        assertEquals(0, next.atZone(java.time.ZoneOffset.UTC).getSecond());
        Document s = docs(Collections.SCHEDULES).get(0);
        assertEquals(600L, ((Number) s.get("durationSeconds")).longValue());
        assertEquals(Date.from(until), s.get("until"));
    }

    @Test
    void readsCronTimesInTheirZone() {
        JsonNode view = schedule("{\"cron\": \"0 8 * * *\", \"zone\": \"Asia/Tokyo\"}").expect(201).json();

        Instant next = Instant.parse(view.path("nextFireAt").asText());
        assertEquals(8, next.atZone(java.time.ZoneId.of("Asia/Tokyo")).getHour());
        assertEquals("Asia/Tokyo", view.path("zone").asText());
    }

    @Test
    void reportsEveryMistakeInASchedule() {
        String past = Instant.now().minusSeconds(60).toString();
        assertProblems(schedule("{\"at\": \"" + past + "\"}"), "schedule.at: must be in the future; it is ");
        assertProblems(schedule("{\"at\": \"tomorrow\"}"),
                "schedule.at: must be an instant such as 2026-11-22T12:00:00Z (ISO 8601, with Z or an offset such as +01:00)");
        assertProblems(schedule("{\"cron\": \"*/5 * * *\"}"), "schedule.cron: is not a Unix cron expression of five fields");
        assertProblems(schedule("{\"cron\": \"61 * * * *\"}"), "schedule.cron: is not a Unix cron expression of five fields");
        assertProblems(schedule("{\"cron\": \"*/5 * * * *\", \"durationSeconds\": 0}"),
                "schedule.durationSeconds: must be a whole number of seconds greater than 0");
        assertProblems(schedule("{\"cron\": \"*/5 * * * *\", \"durationSeconds\": 1.5}"),
                "schedule.durationSeconds: must be a whole number of seconds greater than 0");
        assertProblems(schedule("{\"cron\": \"*/5 * * * *\", \"until\": \"" + past + "\"}"), "schedule.until: must be in the future");
        assertProblems(schedule("{\"cron\": \"*/5 * * * *\", \"zone\": \"Mars/Olympus\"}"),
                "schedule.zone: is not a time zone; use a name such as UTC or Europe/Paris");
        assertProblems(schedule("{\"cron\": \"0 0 1 1 *\", \"until\": \"" + Instant.now().plusSeconds(3600) + "\"}"
                .replace("\"0 0 1 1 *\"", "\"0 0 29 2 *\"")), "schedule.cron: never fires before until");
        assertProblems(schedule("{\"at\": \"" + Instant.now().plusSeconds(60) + "\", \"cron\": \"* * * * *\"}"),
                "schedule: give either at (deploy once) or cron (deploy again and again), not both");
        assertProblems(schedule("{}"), "schedule: needs at (deploy once");
        assertProblems(schedule("\"later\""), "schedule: must be \"now\"");
        assertProblems(schedule("{\"at\": \"" + Instant.now().plusSeconds(60) + "\", \"durationSeconds\": 60}"),
                "schedule.durationSeconds: applies to cron schedules only");
        assertProblems(schedule("{\"cron\": \"* * * * *\", \"every\": 5}"),
                "schedule.every: is not a known field (known fields: at, cron, zone, durationSeconds, until)");
        assertEquals(List.of(), docs(Collections.SCHEDULES));
    }

    @Test
    void reportsRequestAndScheduleMistakesTogether() {
        Reply reply = postJson(DEPLOYMENTS, ada, "{\"version\": \"3.0.0\", \"instances\": 500, "
                + "\"schedule\": {\"cron\": \"nonsense\", \"durationSeconds\": -5}}").expect(422);

        List<String> problems = reply.problems();
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("version: version 3.0.0 of hello-http was not uploaded"), problems.toString());
        assertEquals("instances: must be between 1 and 100, not 500", problems.get(1));
        assertEquals("schedule.durationSeconds: must be a whole number of seconds greater than 0", problems.get(2));
        assertTrue(problems.get(3).startsWith("schedule.cron: is not a Unix cron expression"), problems.toString());
        assertEquals("the schedule request has 4 problems", reply.json().path("message").asText());
    }

    @Test
    void listsAndCancelsSchedules() {
        String first = schedule("{\"cron\": \"0 8 * * 1-5\", \"durationSeconds\": 36000}").expect(201).json().path("id").asText();
        String second = schedule("{\"at\": \"" + Instant.now().plusSeconds(7200) + "\"}").expect(201).json().path("id").asText();

        JsonNode list = get(SCHEDULES, ada).expect(200).json();
        assertEquals(2, list.size());

        JsonNode cancelled = delete(SCHEDULES + "/" + first, ada).expect(200).json();
        assertEquals("schedule " + first + " is cancelled and will not deploy again", cancelled.path("message").asText());
        assertEquals("CANCELLED", cancelled.path("schedule").path("state").asText());
        assertTrue(cancelled.path("schedule").path("nextFireAt").isMissingNode(), "no next time: " + cancelled);
        Document stored = db().getCollection(Collections.SCHEDULES).find(new Document("_id", first)).first();
        assertEquals("CANCELLED", stored.get("state"));
        assertNull(stored.get("nextFireAt"));

        assertEquals("schedule " + first + " was already CANCELLED; nothing changed",
                delete(SCHEDULES + "/" + first, ada).expect(200).json().path("message").asText());
        delete(SCHEDULES + "/nope", ada).expect(404);
        assertEquals("ACTIVE", db().getCollection(Collections.SCHEDULES).find(new Document("_id", second)).first().get("state"));
    }

    @Test
    void cancellingSaysWhatKeepsRunning() {
        String id = schedule("{\"cron\": \"*/5 * * * *\", \"durationSeconds\": 600}").expect(201).json().path("id").asText();
        // As if it fired: the deployment it made, recorded in the schedule.
        String deployment = postJson(DEPLOYMENTS, ada, "{\"version\": \"1.0.0\"}").expect(201).json().path("id").asText();
        db().getCollection(Collections.SCHEDULES).updateOne(new Document("_id", id), new Document("$push",
                new Document("fired", new Document("at", new Date()).append("deploymentId", deployment).append("error", null))));

        String message = delete(SCHEDULES + "/" + id, ada).expect(200).json().path("message").asText();

        assertEquals("schedule " + id + " is cancelled and will not deploy again. The deployment it started, " + deployment
                + ", keeps running until you stop it: DELETE /api/apps/hello-http/deployments/" + deployment, message);
        assertEquals(true, docs(Collections.DEPLOYMENTS).get(0).get(DeploymentDocument.ACTIVE));
    }

    private static void assertProblems(Reply reply, String expectedStart) {
        reply.expect(422);
        List<String> problems = reply.problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(expectedStart), () -> "expected a problem starting with '" + expectedStart + "', got " + problems);
    }
}
