package dev.plinth.sensormanager.ingest;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.Map;

/**
 * What checking a reading's payload gave: its values and the device's time, or why it was refused.
 *
 * @param values     the values, by field, as Long, Double, String or Boolean; null when refused
 * @param deviceTime when the device says it measured, may be null
 * @param problem    why the reading was refused, or null when it is valid
 */
public record CheckedReading(@Nullable Map<String, Object> values, @Nullable Instant deviceTime, @Nullable String problem) {

    /** @return a valid reading */
    public static CheckedReading valid(Map<String, Object> values, @Nullable Instant deviceTime) {
        return new CheckedReading(values, deviceTime, null);
    }

    /** @return a refused reading */
    public static CheckedReading refused(String problem) {
        return new CheckedReading(null, null, problem);
    }

    /** @return whether the reading is valid */
    public boolean valid() {
        return problem == null;
    }
}
