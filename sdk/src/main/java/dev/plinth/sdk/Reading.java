package dev.plinth.sdk;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One reading of a bound sensor, as the platform delivers it to apps.
 *
 * @param readingId  unique per reading; a reading delivered twice (after a crash) has the same id
 * @param sensorId   the sensor (device) that measured it, such as {@code car-3}
 * @param type       the sensor's type, such as {@code vehicle-speed}
 * @param values     the measured fields, such as {@code speedKmh → 87.5}: numbers are
 *                   {@link Number}s, text {@link String}s, flags {@link Boolean}s
 * @param deviceTime when the device says it measured; null when it did not say
 * @param receivedAt when the platform received it
 */
public record Reading(String readingId, String sensorId, String type, Map<String, Object> values,
                      Instant deviceTime, Instant receivedAt) {

    /**
     * Keeps an unmodifiable copy of the values.
     */
    public Reading {
        Objects.requireNonNull(sensorId, "sensorId");
        values = values == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }

    /**
     * A numeric field.
     *
     * @param field the field, such as {@code speedKmh}
     * @return its value
     * @throws IllegalArgumentException when the reading has no such field or it is not a number
     */
    public double number(String field) {
        Object value = values.get(field);
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("reading " + readingId + " of " + sensorId + " has no number " + field
                + (value == null ? "" : " (it is " + value + ")") + "; its fields are " + values.keySet());
    }

    /**
     * @return when it was measured: the device's time when given, else the platform's
     */
    public Instant time() {
        return deviceTime != null ? deviceTime : receivedAt;
    }
}
