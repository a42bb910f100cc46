package dev.plinth.sensormanager.registry;

import java.util.Locale;
import java.util.Optional;

/** The type of one field of a reading or command. */
public enum FieldType {
    /** Any finite JSON number. */
    NUMBER,
    /** A JSON number without a fractional part. */
    INTEGER,
    /** A JSON string. */
    STRING,
    /** {@code true} or {@code false}. */
    BOOLEAN;

    /** @return the name used in documents and JSON, as {@code number} */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the type of a wire name, if it is one */
    public static Optional<FieldType> fromWire(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (FieldType type : values()) {
            if (type.wire().equals(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
