package dev.plinth.sensormanager.binding;

import dev.plinth.sensormanager.registry.DeviceKind;
import io.micronaut.core.annotation.Nullable;

import java.util.Map;
import java.util.TreeMap;

/**
 * One requirement of an app's descriptor: sensors it reads or controllers it commands.
 *
 * @param name     the name the app uses, unique per kind
 * @param kind     sensor or controller
 * @param type     the device type
 * @param where    labels a device must carry
 * @param count    how many devices to bind
 * @param delivery {@code shared} or {@code broadcast} for sensors; null for controllers
 */
public record Requirement(String name, DeviceKind kind, String type, Map<String, String> where, int count,
                          @Nullable String delivery) {

    public Requirement {
        where = Map.copyOf(where == null ? Map.of() : where);
    }

    /** @return the selector as people read it, as {@code route=A1, zone=north}; empty without labels */
    public String selector() {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(where).forEach((k, v) -> {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(k).append('=').append(v);
        });
        return out.toString();
    }
}
