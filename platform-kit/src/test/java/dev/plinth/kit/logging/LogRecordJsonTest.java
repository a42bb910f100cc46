package dev.plinth.kit.logging;

import dev.plinth.contracts.events.LogRecord;
import dev.plinth.contracts.events.LogRecord.SourceKind;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The appender's JSON must be what the logger subsystem's Micronaut mapper reads. */
class LogRecordJsonTest {

    private static JsonMapper mapper;

    @BeforeAll
    static void mapper() {
        mapper = JsonMapper.createDefault();
    }

    @AfterAll
    static void close() throws Exception {
        if (mapper instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void aFullRecordReadsBackEqual() throws IOException {
        LogRecord record = new LogRecord(Instant.parse("2025-03-04T05:06:07.123456789Z"), SourceKind.INSTANCE, "speed-alert-x1",
                "speed-alert", "speed-alert-x1", "node-2", "ERROR", "line with \"quotes\", a\ttab, ünïcode and a newline\nhere");

        String json = LogRecordJson.write(record);

        assertEquals(record, mapper.readValue(json.getBytes(StandardCharsets.UTF_8), LogRecord.class));
    }

    @Test
    void absentFieldsAreLeftOutAndReadBackAsNull() throws IOException {
        LogRecord record = new LogRecord(Instant.parse("2025-03-04T05:06:07Z"), SourceKind.SUBSYSTEM, "deployer",
                null, null, null, "INFO", "rolled out");

        String json = LogRecordJson.write(record);

        assertEquals(record, mapper.readValue(json.getBytes(StandardCharsets.UTF_8), LogRecord.class));
        assertFalse(json.contains("\"app\""), json);
    }

    @Test
    void usesTheFieldNamesAndTimeFormatMicronautWrites() throws IOException {
        LogRecord record = new LogRecord(Instant.parse("2025-03-04T05:06:07.5Z"), SourceKind.AGENT, "node-1",
                "a", "b", "node-1", "WARN", "m");

        JsonNode ours = mapper.readValue(LogRecordJson.write(record).getBytes(StandardCharsets.UTF_8), JsonNode.class);
        JsonNode micronauts = mapper.readValue(mapper.writeValueAsBytes(record), JsonNode.class);

        assertEquals(micronauts, ours);
        assertEquals("2025-03-04T05:06:07.500Z", ours.get("time").getStringValue());
    }
}
