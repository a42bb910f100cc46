package dev.plinth.contracts.descriptor;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/**
 * A parsed and validated {@code plinth.yaml}, with every default filled in.
 *
 * @param name        the app's name, unique per developer; the app is reached at {@code /apps/{name}/}
 * @param version     a semantic version, immutable once uploaded
 * @param description a line about the app, may be empty
 * @param run         how to start an instance
 * @param port        the port the app listens on inside a container (the process runtime passes {@code PORT})
 * @param health      the HTTP health check
 * @param instances   how many instances a deployment runs when it does not say
 * @param resources   what one instance needs
 * @param placement   constraints on the nodes that may run it
 * @param sensors     the sensors it reads
 * @param controllers the controllers it commands
 * @param env         extra environment variables
 */
@Serdeable
public record AppDescriptor(
        String name,
        String version,
        String description,
        RunSpec run,
        int port,
        HealthCheck health,
        int instances,
        Resources resources,
        Placement placement,
        List<SensorRequirement> sensors,
        List<ControllerRequirement> controllers,
        Map<String, String> env) {

    /** The file name of the descriptor at the root of a package. */
    public static final String FILE_NAME = "plinth.yaml";

    /** The class path location of the descriptor's JSON Schema. */
    public static final String SCHEMA_RESOURCE = "/dev/plinth/contracts/plinth-descriptor.schema.json";

    public AppDescriptor {
        description = description == null ? "" : description;
        sensors = sensors == null ? List.of() : List.copyOf(sensors);
        controllers = controllers == null ? List.of() : List.copyOf(controllers);
        env = env == null ? Map.of() : Map.copyOf(env);
        placement = placement == null ? new Placement(Map.of()) : placement;
    }
}
