package dev.plinth.sensormanager.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.plinth.contracts.events.SensorReading;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link SensorReading} as JSON, written and read with a streaming generator and parser: the
 * record's field names, instants as ISO-8601 strings (what Micronaut's serializer reads), values as
 * JSON scalars. This one text is the Kafka record's value and, unchanged, the message apps get on
 * {@code apps/{app}/sensors/{name}}, so delivery forwards bytes without reading them.
 */
public final class ReadingJson {

    private static final JsonFactory JSON = new JsonFactory();

    private ReadingJson() {
    }

    /** @return the reading's JSON, UTF-8 */
    public static byte[] write(SensorReading reading) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160 + 24 * reading.values().size());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("readingId", reading.readingId());
            g.writeStringField("sensorId", reading.sensorId());
            g.writeStringField("type", reading.type());
            g.writeObjectFieldStart("values");
            for (Map.Entry<String, Object> e : reading.values().entrySet()) {
                g.writeFieldName(e.getKey());
                Object v = e.getValue();
                if (v instanceof Long l) {
                    g.writeNumber(l);
                } else if (v instanceof Integer i) {
                    g.writeNumber(i);
                } else if (v instanceof Double d) {
                    g.writeNumber(d);
                } else if (v instanceof Number n) {
                    g.writeNumber(n.doubleValue());
                } else if (v instanceof Boolean b) {
                    g.writeBoolean(b);
                } else if (v == null) {
                    g.writeNull();
                } else {
                    g.writeString(v.toString());
                }
            }
            g.writeEndObject();
            if (reading.deviceTime() == null) {
                g.writeNullField("deviceTime");
            } else {
                g.writeStringField("deviceTime", reading.deviceTime().toString());
            }
            g.writeStringField("receivedAt", reading.receivedAt().toString());
            g.writeEndObject();
        } catch (IOException e) {
            // Writing to memory does not fail; this would be a bug in the generator.
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * @return the reading a JSON text holds
     * @throws IllegalArgumentException when the text is not a reading
     */
    public static SensorReading read(byte[] json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("a reading is a JSON object");
            }
            String readingId = null;
            String sensorId = null;
            String type = null;
            Map<String, Object> values = null;
            Instant deviceTime = null;
            Instant receivedAt = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken token = p.nextToken();
                switch (name) {
                    case "readingId" -> readingId = p.getValueAsString();
                    case "sensorId" -> sensorId = p.getValueAsString();
                    case "type" -> type = p.getValueAsString();
                    case "deviceTime" -> deviceTime = token == JsonToken.VALUE_NULL ? null : Instant.parse(p.getText());
                    case "receivedAt" -> receivedAt = token == JsonToken.VALUE_NULL ? null : Instant.parse(p.getText());
                    case "values" -> values = readValues(p);
                    default -> p.skipChildren();
                }
            }
            if (readingId == null || sensorId == null || values == null || receivedAt == null) {
                throw new IllegalArgumentException("a reading needs readingId, sensorId, values and receivedAt");
            }
            return new SensorReading(readingId, sensorId, type, values, deviceTime, receivedAt);
        } catch (IOException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("not a reading: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> readValues(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("values must be an object");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken token = p.nextToken();
            Object value = switch (token) {
                case VALUE_NUMBER_INT -> p.getLongValue();
                case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                case VALUE_STRING -> p.getText();
                case VALUE_NULL -> null;
                default -> {
                    p.skipChildren();
                    throw new IllegalArgumentException("value " + field + " is not a scalar");
                }
            };
            values.put(field, value);
        }
        return values;
    }
}
