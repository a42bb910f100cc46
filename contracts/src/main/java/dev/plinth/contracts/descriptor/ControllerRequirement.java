package dev.plinth.contracts.descriptor;

import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * Controllers an app sends commands to, bound to registered controllers when it is deployed.
 *
 * @param name  the name the app uses for them, as in {@code controllers("buzzer")}
 * @param type  the controller type, as {@code buzzer}
 * @param count how many controllers of the type to bind, at least 1
 * @param where labels a controller must carry to be bound
 */
@Serdeable
public record ControllerRequirement(String name, String type, int count, Map<String, String> where) {

    public ControllerRequirement {
        where = where == null ? Map.of() : Map.copyOf(where);
    }
}
