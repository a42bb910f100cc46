package dev.plinth.sensormanager.commands;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.micronaut.core.annotation.Nullable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * A command as an app sends it, {@code {"device": "buzzer-1", "payload": {...}}} ({@code device}
 * optional), and the message a device gets, {@code {"commandId", "from", "payload", "time"}}. The
 * payload is kept as the JSON text the app sent, never rebuilt.
 *
 * @param device      the one device it is for, or null for every bound controller
 * @param payloadJson the payload object's JSON text
 */
public record CommandRequest(@Nullable String device, String payloadJson) {

    private static final JsonFactory JSON = new JsonFactory();

    /** A command that cannot be read, with what is wrong. */
    public static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    /**
     * @param body the command as sent
     * @return the command
     * @throws Malformed when it is not {@code {"device"?: "...", "payload": {...}}}
     */
    public static CommandRequest parse(byte[] body) throws Malformed {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new Malformed("a command is a JSON object: {\"device\": \"...\", \"payload\": {...}}");
            }
            String device = null;
            String payload = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken token = p.nextToken();
                switch (name) {
                    case "device" -> {
                        if (token == JsonToken.VALUE_NULL) {
                            device = null;
                        } else if (token == JsonToken.VALUE_STRING) {
                            device = p.getText();
                        } else {
                            throw new Malformed("device must be a device id in a string");
                        }
                    }
                    case "payload" -> {
                        if (token != JsonToken.START_OBJECT) {
                            throw new Malformed("payload must be a JSON object");
                        }
                        payload = copy(p);
                    }
                    default -> throw new Malformed("unknown member '" + name + "': a command has device (optional) and payload");
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new Malformed("a command is one JSON object");
            }
            if (payload == null) {
                throw new Malformed("payload is required: {\"payload\": {...}}");
            }
            return new CommandRequest(device, payload);
        } catch (JsonProcessingException e) {
            throw new Malformed("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Malformed("not readable: " + e.getMessage());
        }
    }

    private static String copy(JsonParser p) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.copyCurrentStructure(p);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** @return the message for a device */
    public byte[] forDevice(String commandId, String from, Instant time) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96 + payloadJson.length());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("commandId", commandId);
            g.writeStringField("from", from);
            g.writeFieldName("payload");
            g.writeRawValue(payloadJson);
            g.writeStringField("time", time.toString());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** @return the message telling an app why its command was refused */
    public static byte[] refusal(String reason, @Nullable String device, Instant time) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("reason", reason);
            if (device == null) {
                g.writeNullField("device");
            } else {
                g.writeStringField("device", device);
            }
            g.writeStringField("time", time.toString());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
