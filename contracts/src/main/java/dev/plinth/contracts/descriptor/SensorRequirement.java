package dev.plinth.contracts.descriptor;

import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * Sensors an app reads, bound to registered sensors when the app is deployed.
 *
 * @param name     the name the app uses for them, as in {@code sensors("speed")}
 * @param type     the sensor type, as {@code vehicle-speed}
 * @param count    how many sensors of the type to bind, at least 1
 * @param where    labels a sensor must carry to be bound
 * @param delivery {@code shared} (each reading reaches one instance) or {@code broadcast} (every instance)
 */
@Serdeable
public record SensorRequirement(String name, String type, int count, Map<String, String> where, String delivery) {

    /** Each reading reaches one instance of the app. */
    public static final String SHARED = "shared";
    /** Each reading reaches every instance of the app. */
    public static final String BROADCAST = "broadcast";

    public SensorRequirement {
        where = where == null ? Map.of() : Map.copyOf(where);
        delivery = delivery == null ? SHARED : delivery;
    }

    /** @return true when every instance gets every reading */
    public boolean broadcast() {
        return BROADCAST.equals(delivery);
    }
}
