package dev.plinth.sensormanager.registry;

import io.micronaut.core.annotation.Nullable;

/**
 * One field of a device type.
 *
 * @param type its type
 * @param unit its unit for people, as {@code km/h}; may be null
 */
public record FieldSpec(FieldType type, @Nullable String unit) {
}
