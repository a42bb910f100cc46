package dev.plinth.contracts.state;

import dev.plinth.contracts.descriptor.AppDescriptor;
import dev.plinth.contracts.descriptor.ControllerRequirement;
import dev.plinth.contracts.descriptor.HealthCheck;
import dev.plinth.contracts.descriptor.Placement;
import dev.plinth.contracts.descriptor.Resources;
import dev.plinth.contracts.descriptor.RunSpec;
import dev.plinth.contracts.descriptor.SensorRequirement;
import org.bson.Document;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import static dev.plinth.contracts.state.StoredFields.labels;

/**
 * The {@code descriptor} of a {@link VersionDocument}: an {@link AppDescriptor} as a BSON document
 * with every field present (defaults filled in), under the descriptor's own names, as in
 * {@code plinth.yaml}. app-controller writes it with {@link #write} and reads it back whole with
 * {@link #read}; sensor-manager reads only the requirements, with {@link #sensors} and
 * {@link #controllers}.
 */
public final class DescriptorDocument {

    public static final String NAME = "name";
    public static final String VERSION = "version";
    public static final String DESCRIPTION = "description";
    /** {@code {command, image}}. */
    public static final String RUN = "run";
    public static final String RUN_COMMAND = "command";
    public static final String RUN_IMAGE = "image";
    public static final String PORT = "port";
    /** {@code {path, intervalSeconds, timeoutSeconds, failureThreshold, startupSeconds}}. */
    public static final String HEALTH = "health";
    public static final String HEALTH_PATH = "path";
    public static final String HEALTH_INTERVAL_SECONDS = "intervalSeconds";
    public static final String HEALTH_TIMEOUT_SECONDS = "timeoutSeconds";
    public static final String HEALTH_FAILURE_THRESHOLD = "failureThreshold";
    public static final String HEALTH_STARTUP_SECONDS = "startupSeconds";
    public static final String INSTANCES = "instances";
    /** {@code {cpu, memoryMb}}. */
    public static final String RESOURCES = "resources";
    public static final String RESOURCES_CPU = "cpu";
    public static final String RESOURCES_MEMORY_MB = "memoryMb";
    /** {@code {labels}}. */
    public static final String PLACEMENT = "placement";
    public static final String PLACEMENT_LABELS = "labels";
    /** A list of {@code {name, type, count, where, delivery}}. */
    public static final String SENSORS = "sensors";
    /** A list of {@code {name, type, count, where}}. */
    public static final String CONTROLLERS = "controllers";
    public static final String REQUIREMENT_NAME = "name";
    public static final String REQUIREMENT_TYPE = "type";
    public static final String REQUIREMENT_COUNT = "count";
    public static final String REQUIREMENT_WHERE = "where";
    public static final String REQUIREMENT_DELIVERY = "delivery";
    public static final String ENV = "env";

    private DescriptorDocument() {
    }

    /** @return the descriptor as a document, to store as a version's {@link VersionDocument#DESCRIPTOR} */
    public static Document write(AppDescriptor d) {
        List<Document> sensors = d.sensors().stream().map(s -> new Document(REQUIREMENT_NAME, s.name())
                .append(REQUIREMENT_TYPE, s.type())
                .append(REQUIREMENT_COUNT, s.count())
                .append(REQUIREMENT_WHERE, new Document(new LinkedHashMap<>(s.where())))
                .append(REQUIREMENT_DELIVERY, s.delivery())).toList();
        List<Document> controllers = d.controllers().stream().map(c -> new Document(REQUIREMENT_NAME, c.name())
                .append(REQUIREMENT_TYPE, c.type())
                .append(REQUIREMENT_COUNT, c.count())
                .append(REQUIREMENT_WHERE, new Document(new LinkedHashMap<>(c.where())))).toList();
        return new Document(NAME, d.name())
                .append(VERSION, d.version())
                .append(DESCRIPTION, d.description())
                .append(RUN, new Document(RUN_COMMAND, d.run().command()).append(RUN_IMAGE, d.run().image()))
                .append(PORT, d.port())
                .append(HEALTH, new Document(HEALTH_PATH, d.health().path())
                        .append(HEALTH_INTERVAL_SECONDS, d.health().intervalSeconds())
                        .append(HEALTH_TIMEOUT_SECONDS, d.health().timeoutSeconds())
                        .append(HEALTH_FAILURE_THRESHOLD, d.health().failureThreshold())
                        .append(HEALTH_STARTUP_SECONDS, d.health().startupSeconds()))
                .append(INSTANCES, d.instances())
                .append(RESOURCES, new Document(RESOURCES_CPU, d.resources().cpu()).append(RESOURCES_MEMORY_MB, d.resources().memoryMb()))
                .append(PLACEMENT, new Document(PLACEMENT_LABELS, new Document(new LinkedHashMap<>(d.placement().labels()))))
                .append(SENSORS, sensors)
                .append(CONTROLLERS, controllers)
                .append(ENV, new Document(new LinkedHashMap<>(d.env())));
    }

    /**
     * @param doc a descriptor {@link #write} made
     * @return the descriptor it holds
     * @throws RuntimeException when {@code run}, {@code health} or {@code resources} is missing: a
     *                          version's descriptor is written whole, never by hand
     */
    public static AppDescriptor read(Document doc) {
        Document run = doc.get(RUN, Document.class);
        Document health = doc.get(HEALTH, Document.class);
        Document resources = doc.get(RESOURCES, Document.class);
        Document placement = doc.get(PLACEMENT, Document.class);
        return new AppDescriptor(
                doc.getString(NAME),
                doc.getString(VERSION),
                doc.getString(DESCRIPTION),
                new RunSpec(run.getList(RUN_COMMAND, String.class), run.getString(RUN_IMAGE)),
                doc.getInteger(PORT, 8080),
                new HealthCheck(health.getString(HEALTH_PATH), health.getInteger(HEALTH_INTERVAL_SECONDS),
                        health.getInteger(HEALTH_TIMEOUT_SECONDS), health.getInteger(HEALTH_FAILURE_THRESHOLD),
                        health.getInteger(HEALTH_STARTUP_SECONDS)),
                doc.getInteger(INSTANCES, 1),
                new Resources(((Number) resources.get(RESOURCES_CPU)).doubleValue(), resources.getInteger(RESOURCES_MEMORY_MB)),
                new Placement(placement == null ? java.util.Map.of() : labels(placement.get(PLACEMENT_LABELS))),
                sensors(doc),
                controllers(doc),
                labels(doc.get(ENV)));
    }

    /**
     * @param doc a descriptor, whole or projected
     * @return its sensor requirements in order: a missing list reads as none, a missing count as 1,
     *         a missing {@code where} as no labels and a missing delivery as shared
     */
    public static List<SensorRequirement> sensors(Document doc) {
        List<SensorRequirement> out = new ArrayList<>();
        for (Document s : requirements(doc, SENSORS)) {
            out.add(new SensorRequirement(s.getString(REQUIREMENT_NAME), s.getString(REQUIREMENT_TYPE), count(s),
                    labels(s.get(REQUIREMENT_WHERE)), s.getString(REQUIREMENT_DELIVERY)));
        }
        return out;
    }

    /**
     * @param doc a descriptor, whole or projected
     * @return its controller requirements in order, read as {@link #sensors} reads sensors
     */
    public static List<ControllerRequirement> controllers(Document doc) {
        List<ControllerRequirement> out = new ArrayList<>();
        for (Document c : requirements(doc, CONTROLLERS)) {
            out.add(new ControllerRequirement(c.getString(REQUIREMENT_NAME), c.getString(REQUIREMENT_TYPE), count(c),
                    labels(c.get(REQUIREMENT_WHERE))));
        }
        return out;
    }

    private static List<Document> requirements(Document doc, String field) {
        return doc.get(field) instanceof List<?> list
                ? list.stream().filter(Document.class::isInstance).map(Document.class::cast).toList() : List.of();
    }

    private static int count(Document requirement) {
        return requirement.get(REQUIREMENT_COUNT) instanceof Number n ? n.intValue() : 1;
    }
}
