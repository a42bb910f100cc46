package dev.plinth.contracts.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.Map;

/**
 * An accepted sensor reading. Published on {@link Topics#SENSOR_READINGS}, keyed by sensor id.
 *
 * @param readingId  unique id, also used to drop duplicates
 * @param sensorId   the sensor
 * @param type       its sensor type
 * @param values     field values, checked against the type
 * @param deviceTime when the device says it measured, may be null
 * @param receivedAt when the platform received it
 */
@Serdeable
public record SensorReading(String readingId, String sensorId, String type, Map<String, Object> values,
                            @Nullable Instant deviceTime, Instant receivedAt) {
}
