package dev.plinth.sensormanager.registry;

import dev.plinth.contracts.state.DeviceDocument;

import java.util.Optional;

/** What a device is: a sensor sends readings, a controller takes commands. */
public enum DeviceKind {
    /** Sends readings. */
    SENSOR,
    /** Takes commands. */
    CONTROLLER;

    /** @return the name used in documents, JSON and descriptors: {@code sensor} or {@code controller} (DeviceDocument's) */
    public String wire() {
        return this == SENSOR ? DeviceDocument.SENSOR : DeviceDocument.CONTROLLER;
    }

    /** @return the kind of a wire name, if it is one */
    public static Optional<DeviceKind> fromWire(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (DeviceKind kind : values()) {
            if (kind.wire().equals(value)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
