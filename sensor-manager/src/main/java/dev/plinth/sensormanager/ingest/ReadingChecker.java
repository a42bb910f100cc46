package dev.plinth.sensormanager.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.plinth.sensormanager.registry.DeviceType;
import dev.plinth.sensormanager.registry.FieldSpec;
import dev.plinth.sensormanager.registry.FieldType;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks reading payloads against one device type, compiled once per type: field names map to
 * slots, and one pass of a streaming parser both reads and checks a payload
 * ({@code {"values": {...}, "time": "..."}}) without building a tree. Every field of the type must be
 * present with its type; unknown fields and unknown members are refused. Thread-safe.
 */
public final class ReadingChecker {

    /** Longest string value accepted. */
    static final int MAX_STRING = 1024;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(64 * 1024).build())
            .build();

    private final String type;
    private final String[] names;
    private final FieldType[] types;
    private final Map<String, Integer> slots;

    private ReadingChecker(String type, String[] names, FieldType[] types) {
        this.type = type;
        this.names = names;
        this.types = types;
        this.slots = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            slots.put(names[i], i);
        }
    }

    /** @return the checker of a type */
    public static ReadingChecker of(DeviceType deviceType) {
        int n = deviceType.fields().size();
        String[] names = new String[n];
        FieldType[] types = new FieldType[n];
        int i = 0;
        for (Map.Entry<String, FieldSpec> field : deviceType.fields().entrySet()) {
            names[i] = field.getKey();
            types[i] = field.getValue().type();
            i++;
        }
        return new ReadingChecker(deviceType.name(), names, types);
    }

    /**
     * @param payload the reading as sent, UTF-8 JSON
     * @return its values and time, or why it is refused
     */
    public CheckedReading check(byte[] payload) {
        try (JsonParser p = JSON.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return CheckedReading.refused("a reading is a JSON object: {\"values\": {...}, \"time\": \"...\"}");
            }
            Map<String, Object> values = null;
            Instant time = null;
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String member = p.currentName();
                p.nextToken();
                switch (member) {
                    case "values" -> {
                        if (values != null) {
                            return CheckedReading.refused("values is given twice");
                        }
                        if (p.currentToken() != JsonToken.START_OBJECT) {
                            return CheckedReading.refused("values must be an object of field values, as {\"" + example() + "\": ...}");
                        }
                        Object[] slotsRead = new Object[names.length];
                        String problem = readValues(p, slotsRead);
                        if (problem != null) {
                            return CheckedReading.refused(problem);
                        }
                        values = new LinkedHashMap<>(names.length * 2);
                        for (int i = 0; i < names.length; i++) {
                            values.put(names[i], slotsRead[i]);
                        }
                    }
                    case "time" -> {
                        if (p.currentToken() == JsonToken.VALUE_NULL) {
                            time = null;
                        } else if (p.currentToken() == JsonToken.VALUE_STRING) {
                            time = parseTime(p.getText());
                            if (time == null) {
                                return CheckedReading.refused("time must be an ISO-8601 instant, as 2026-11-22T12:00:00Z, not '" + shorten(p.getText()) + "'");
                            }
                        } else {
                            return CheckedReading.refused("time must be an ISO-8601 instant in a string, as \"2026-11-22T12:00:00Z\"");
                        }
                    }
                    default -> {
                        return CheckedReading.refused("unknown member '" + shorten(member) + "': a reading has values and, optionally, time");
                    }
                }
            }
            if (token != JsonToken.END_OBJECT) {
                return CheckedReading.refused("a reading is a JSON object: {\"values\": {...}, \"time\": \"...\"}");
            }
            if (p.nextToken() != null) {
                return CheckedReading.refused("nothing may follow the reading's JSON object");
            }
            if (values == null) {
                return CheckedReading.refused("values is required: {\"values\": {\"" + example() + "\": ...}}");
            }
            return CheckedReading.valid(values, time);
        } catch (JsonProcessingException e) {
            return CheckedReading.refused("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return CheckedReading.refused("not readable: " + e.getMessage());
        }
    }

    /** Reads the values object into slots; returns the first problem, or null. */
    private String readValues(JsonParser p, Object[] read) throws IOException {
        int seen = 0;
        JsonToken token;
        while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            Integer slot = slots.get(field);
            JsonToken value = p.nextToken();
            if (slot == null) {
                return "unknown field '" + shorten(field) + "': type " + type + " has " + (names.length == 0 ? "no fields" : String.join(", ", names));
            }
            if (read[slot] != null) {
                return "field " + field + " is given twice";
            }
            Object checked = value(types[slot], value, p);
            if (checked instanceof Problem problem) {
                return field + " " + problem.text;
            }
            read[slot] = checked;
            seen++;
        }
        if (token != JsonToken.END_OBJECT) {
            return "values must be an object of field values";
        }
        if (seen < names.length) {
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < names.length; i++) {
                if (read[i] == null) {
                    missing.add(names[i]);
                }
            }
            return "missing " + (missing.size() == 1 ? "field " : "fields ") + String.join(", ", missing) + " of type " + type;
        }
        return null;
    }

    private record Problem(String text) {
    }

    private static Object value(FieldType type, JsonToken token, JsonParser p) throws IOException {
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            p.skipChildren();
            return new Problem("must be a " + type.wire() + ", not " + (token == JsonToken.START_OBJECT ? "an object" : "an array"));
        }
        if (token == JsonToken.VALUE_NULL) {
            return new Problem("must be a " + type.wire() + ", not null");
        }
        switch (type) {
            case NUMBER -> {
                if (token == JsonToken.VALUE_NUMBER_INT) {
                    Number n = p.getNumberValue();
                    return n instanceof BigInteger big ? (Object) big.doubleValue() : (Object) n.longValue();
                }
                if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                    double d = p.getDoubleValue();
                    return Double.isFinite(d) ? d : new Problem("must be a finite number");
                }
                return new Problem("must be a number, not " + describe(token));
            }
            case INTEGER -> {
                if (token == JsonToken.VALUE_NUMBER_INT) {
                    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        return new Problem("is too large for an integer");
                    }
                    return p.getLongValue();
                }
                if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                    double d = p.getDoubleValue();
                    if (d == Math.rint(d) && Math.abs(d) < 9.0e15) {
                        return (long) d;
                    }
                    return new Problem("must be an integer, not " + p.getText());
                }
                return new Problem("must be an integer, not " + describe(token));
            }
            case STRING -> {
                if (token == JsonToken.VALUE_STRING) {
                    String s = p.getText();
                    return s.length() > MAX_STRING ? new Problem("is longer than " + MAX_STRING + " characters") : s;
                }
                return new Problem("must be a string, not " + describe(token));
            }
            case BOOLEAN -> {
                if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
                    return token == JsonToken.VALUE_TRUE;
                }
                return new Problem("must be true or false, not " + describe(token));
            }
            default -> throw new IllegalStateException("unknown field type " + type);
        }
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    /** @return the instant of an ISO-8601 text, with Z or an offset; null when it is none */
    static Instant parseTime(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private String example() {
        return names.length == 0 ? "field" : names[0];
    }

    private static String shorten(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "…" : text;
    }

    /** @return the type this checker is for */
    public String type() {
        return type;
    }
}
