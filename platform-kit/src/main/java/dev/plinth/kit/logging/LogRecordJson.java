package dev.plinth.kit.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.plinth.contracts.events.LogRecord;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Writes a {@link LogRecord} as the JSON Micronaut's serializer reads it: the record's field names,
 * {@code time} as an ISO-8601 string, the kind as its enum name, absent fields left out. The
 * appender uses it because it runs outside any Micronaut context.
 */
public final class LogRecordJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private LogRecordJson() {
    }

    /**
     * @param record the record
     * @return its JSON text
     */
    public static String write(LogRecord record) {
        StringWriter out = new StringWriter(128 + (record.message() == null ? 0 : record.message().length()));
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            field(json, "time", record.time() == null ? null : record.time().toString());
            field(json, "sourceKind", record.sourceKind() == null ? null : record.sourceKind().name());
            field(json, "sourceName", record.sourceName());
            field(json, "app", record.app());
            field(json, "instanceId", record.instanceId());
            field(json, "nodeId", record.nodeId());
            field(json, "level", record.level());
            field(json, "message", record.message());
            json.writeEndObject();
        } catch (IOException e) {
            // A StringWriter does not fail; this would be a bug in the generator.
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void field(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }
}
