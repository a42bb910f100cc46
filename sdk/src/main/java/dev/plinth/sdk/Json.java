package dev.plinth.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The protocol's JSON: readings in, commands out, rejections in. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static JsonNode parse(byte[] bytes, String what) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new PlinthException(what + " is not JSON: " + e.getMessage(), e);
        }
    }

    /** A reading as delivered to apps: {@code {readingId, sensorId, type, values, deviceTime, receivedAt}}. */
    static Reading reading(JsonNode node) {
        if (!node.isObject() || !node.path("sensorId").isTextual()) {
            throw new PlinthException("not a reading (no sensorId): " + abbreviate(node.toString()));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        JsonNode v = node.path("values");
        if (v.isObject()) {
            v.fields().forEachRemaining(e -> values.put(e.getKey(), MAPPER.convertValue(e.getValue(), Object.class)));
        }
        return new Reading(text(node, "readingId"), text(node, "sensorId"), text(node, "type"), values,
                instant(node, "deviceTime"), instant(node, "receivedAt"));
    }

    /**
     * The latest reading of each sensor, keyed by sensor id. Taken either as an object of sensor id
     * → reading, or as a list of readings (optionally wrapped in {@code {"readings": [...]}}).
     */
    static Map<String, Reading> latest(JsonNode node) {
        Map<String, Reading> latest = new LinkedHashMap<>();
        JsonNode list = node.isObject() && node.path("readings").isArray() ? node.path("readings") : node;
        if (list.isArray()) {
            for (JsonNode item : list) {
                Reading r = reading(item);
                latest.put(r.sensorId(), r);
            }
        } else if (list.isObject()) {
            list.fields().forEachRemaining(e -> {
                if (!e.getValue().isNull()) {
                    latest.put(e.getKey(), reading(withSensor(e.getValue(), e.getKey())));
                }
            });
        } else {
            throw new PlinthException("the latest readings are neither an object nor a list: " + abbreviate(node.toString()));
        }
        return latest;
    }

    /** Readings oldest first: a list, or {@code {"readings": [...]}}. */
    static List<Reading> history(JsonNode node) {
        JsonNode list = node.isObject() && node.path("readings").isArray() ? node.path("readings") : node;
        if (!list.isArray()) {
            throw new PlinthException("the history is not a list of readings: " + abbreviate(node.toString()));
        }
        List<Reading> readings = new ArrayList<>(list.size());
        for (JsonNode item : list) {
            readings.add(reading(item));
        }
        return readings;
    }

    /** A command as an app sends it: {@code {"device"?, "payload"}}. */
    static byte[] command(String device, Object payload) {
        ObjectNode node = MAPPER.createObjectNode();
        if (device != null) {
            node.put("device", device);
        }
        node.set("payload", MAPPER.valueToTree(payload));
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new PlinthException("the command cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A rejection: {@code {"device"?, "reason", "command"?}}; anything else is kept in {@code raw}. */
    static Rejection rejection(byte[] bytes) {
        String raw = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (IOException e) {
            return new Rejection(null, raw, null, raw);
        }
        JsonNode command = node.has("command") ? node.get("command") : node.get("payload");
        return new Rejection(text(node, "device"), node.has("reason") ? text(node, "reason") : raw,
                command == null || command.isNull() ? null : command.toString(), raw);
    }

    private static JsonNode withSensor(JsonNode reading, String sensorId) {
        if (reading.isObject() && !reading.has("sensorId")) {
            ObjectNode copy = ((ObjectNode) reading).deepCopy();
            copy.put("sensorId", sensorId);
            return copy;
        }
        return reading;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant instant(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value != null && value.isNumber()) {
            // Numeric times are seconds since the epoch, with a fraction (Micronaut's numeric shape).
            java.math.BigDecimal seconds = value.decimalValue();
            return Instant.ofEpochSecond(seconds.longValue(),
                    seconds.remainder(java.math.BigDecimal.ONE).movePointRight(9).intValue());
        }
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new PlinthException(field + " is not an ISO-8601 instant: " + text, e);
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
