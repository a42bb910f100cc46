package dev.plinth.sensormanager.registry;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * A request to register a sensor or controller type.
 *
 * @param name        the type's name: lower-case letters, digits and dashes, as {@code vehicle-speed}
 * @param kind        {@code sensor} or {@code controller}
 * @param fields      each field with its type ({@code number}, {@code integer}, {@code string},
 *                    {@code boolean}) and an optional unit
 * @param description a line for people
 */
@Serdeable
public record TypeRegistration(@Nullable String name, @Nullable String kind, @Nullable Map<String, Field> fields,
                               @Nullable String description) {

    /**
     * One field.
     *
     * @param type its type
     * @param unit its unit, as {@code km/h}
     */
    @Serdeable
    public record Field(@Nullable String type, @Nullable String unit) {
    }
}
