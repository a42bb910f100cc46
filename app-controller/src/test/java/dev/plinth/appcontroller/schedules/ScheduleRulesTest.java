package dev.plinth.appcontroller.schedules;

import dev.plinth.contracts.validation.Problem;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScheduleRulesTest {

    private static final Instant NOW = Instant.parse("2031-03-10T10:00:00Z");

    private static JsonNode object(Object... keysAndValues) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object value = keysAndValues[i + 1];
            fields.put((String) keysAndValues[i], value instanceof Number n ? JsonNode.createNumberNodeImpl(n)
                    : JsonNode.createStringNode(String.valueOf(value)));
        }
        return JsonNode.createObjectNode(fields);
    }

    private static List<Problem> problems(JsonNode schedule) {
        List<Problem> problems = new ArrayList<>();
        Optional<ScheduleRules.Parsed> parsed = ScheduleRules.parse(schedule, NOW, problems);
        assertEquals(problems.isEmpty(), parsed.isPresent());
        return problems;
    }

    @Test
    void nowMeansNoSchedule() {
        assertTrue(ScheduleRules.now(null));
        assertTrue(ScheduleRules.now(JsonNode.nullNode()));
        assertTrue(ScheduleRules.now(JsonNode.createStringNode("now")));
        assertTrue(ScheduleRules.now(JsonNode.createStringNode(" NOW ")));
        assertFalse(ScheduleRules.now(JsonNode.createStringNode("soon")));
        assertFalse(ScheduleRules.now(object("at", "2031-03-10T11:00:00Z")));
    }

    @Test
    void readsAnInstantWithAnOffset() {
        List<Problem> problems = new ArrayList<>();
        ScheduleRules.Parsed parsed = ScheduleRules.parse(object("at", "2031-03-10T12:30:00+01:00"), NOW, problems).orElseThrow();
        assertEquals(Instant.parse("2031-03-10T11:30:00Z"), parsed.at());
        assertEquals(parsed.at(), parsed.firstFireAt());
        assertEquals(ScheduleRecord.AT, parsed.kind());
    }

    @Test
    void readsACronWithEveryOption() {
        List<Problem> problems = new ArrayList<>();
        ScheduleRules.Parsed parsed = ScheduleRules.parse(object("cron", "0 12 * * *", "zone", "Europe/Paris",
                "durationSeconds", 600, "until", "2031-04-01T00:00:00Z"), NOW, problems).orElseThrow();
        assertEquals(ScheduleRecord.CRON, parsed.kind());
        assertEquals("Europe/Paris", parsed.zone());
        assertEquals(600L, parsed.durationSeconds());
        assertEquals(Instant.parse("2031-04-01T00:00:00Z"), parsed.until());
        assertEquals(Instant.parse("2031-03-10T11:00:00Z"), parsed.firstFireAt());
    }

    @Test
    void refusesAnInstantThatIsNowOrPast() {
        assertEquals(List.of(new Problem("schedule.at", "must be in the future; it is 2031-03-10T10:00:00Z and now is 2031-03-10T10:00:00Z")),
                problems(object("at", "2031-03-10T10:00:00Z")));
    }

    @Test
    void refusesNonNumbersAndNonTextWhereTheyDoNotBelong() {
        assertEquals(List.of(new Problem("schedule.durationSeconds", "must be a whole number of seconds greater than 0")),
                problems(object("cron", "* * * * *", "durationSeconds", "600")));
        assertEquals(List.of(new Problem("schedule.cron", "must be a Unix cron expression in quotes, as \"*/5 * * * *\"")),
                problems(object("cron", 5)));
        assertEquals("schedule.at", problems(object("at", 5)).get(0).path());
    }

    @Test
    void reportsEveryCronMistakeAtOnce() {
        List<Problem> problems = problems(object("cron", "bad", "zone", "Nowhere/Land", "durationSeconds", -1,
                "until", "2020-01-01T00:00:00Z"));
        assertEquals(List.of("schedule.zone", "schedule.durationSeconds", "schedule.until", "schedule.cron"),
                problems.stream().map(Problem::path).toList());
    }
}
