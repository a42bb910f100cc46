package dev.plinth.contracts.state;

import dev.plinth.contracts.descriptor.AppDescriptor;
import dev.plinth.contracts.descriptor.ControllerRequirement;
import dev.plinth.contracts.descriptor.SensorRequirement;
import dev.plinth.contracts.descriptor.DescriptorParser;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DescriptorDocumentTest {

    /** The stored spelling: the descriptor's own names, as in plinth.yaml; versions already stored use it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "name, " + DescriptorDocument.NAME, "version, " + DescriptorDocument.VERSION,
            "description, " + DescriptorDocument.DESCRIPTION, "run, " + DescriptorDocument.RUN,
            "command, " + DescriptorDocument.RUN_COMMAND, "image, " + DescriptorDocument.RUN_IMAGE,
            "port, " + DescriptorDocument.PORT, "health, " + DescriptorDocument.HEALTH, "path, " + DescriptorDocument.HEALTH_PATH,
            "intervalSeconds, " + DescriptorDocument.HEALTH_INTERVAL_SECONDS,
            "timeoutSeconds, " + DescriptorDocument.HEALTH_TIMEOUT_SECONDS,
            "failureThreshold, " + DescriptorDocument.HEALTH_FAILURE_THRESHOLD,
            "startupSeconds, " + DescriptorDocument.HEALTH_STARTUP_SECONDS, "instances, " + DescriptorDocument.INSTANCES,
            "resources, " + DescriptorDocument.RESOURCES, "cpu, " + DescriptorDocument.RESOURCES_CPU,
            "memoryMb, " + DescriptorDocument.RESOURCES_MEMORY_MB, "placement, " + DescriptorDocument.PLACEMENT,
            "labels, " + DescriptorDocument.PLACEMENT_LABELS, "sensors, " + DescriptorDocument.SENSORS,
            "controllers, " + DescriptorDocument.CONTROLLERS, "name, " + DescriptorDocument.REQUIREMENT_NAME,
            "type, " + DescriptorDocument.REQUIREMENT_TYPE, "count, " + DescriptorDocument.REQUIREMENT_COUNT,
            "where, " + DescriptorDocument.REQUIREMENT_WHERE, "delivery, " + DescriptorDocument.REQUIREMENT_DELIVERY,
            "env, " + DescriptorDocument.ENV})
    void fieldsKeepTheirStoredNames(String stored, String constant) {
        assertEquals(stored, constant);
    }

    @Test
    void requirementsReadFromAProjectionWithTheirDefaults() {
        // As a hand-written or older descriptor may hold them: no count, no where, no delivery, a long count.
        Document descriptor = new Document(DescriptorDocument.SENSORS, List.of(
                        new Document("name", "speed").append("type", "vehicle-speed"),
                        new Document("name", "temp").append("type", "temperature").append("count", 3L)
                                .append("where", new Document("room", "kitchen")).append("delivery", "broadcast")))
                .append(DescriptorDocument.CONTROLLERS, List.of(new Document("name", "buzzer").append("type", "buzzer")));

        assertEquals(List.of(new SensorRequirement("speed", "vehicle-speed", 1, Map.of(), SensorRequirement.SHARED),
                        new SensorRequirement("temp", "temperature", 3, Map.of("room", "kitchen"), SensorRequirement.BROADCAST)),
                DescriptorDocument.sensors(descriptor));
        assertEquals(List.of(new ControllerRequirement("buzzer", "buzzer", 1, Map.of())), DescriptorDocument.controllers(descriptor));
        assertEquals(List.of(), DescriptorDocument.sensors(new Document()));
        assertEquals(List.of(), DescriptorDocument.controllers(new Document(DescriptorDocument.CONTROLLERS, "not a list")));
    }

    @Test
    void aFullDescriptorSurvivesTheRoundTrip() {
        AppDescriptor descriptor = new DescriptorParser().parse("""
                name: speed-alert
                version: 1.2.3-beta.1
                description: Warns when vehicles drive too fast.
                run:
                  command: ["java", "-jar", "speed-alert.jar"]
                  image: speed-alert:1.2.3
                port: 9090
                health: { path: /ready, intervalSeconds: 7, timeoutSeconds: 3, failureThreshold: 4, startupSeconds: 90 }
                instances: 3
                resources: { cpu: 0.5, memoryMb: 256 }
                placement: { labels: { zone: north, disk: ssd } }
                sensors:
                  - { name: speed, type: vehicle-speed, count: 10, where: { route: A1 }, delivery: broadcast }
                controllers:
                  - { name: buzzer, type: buzzer, where: { route: A1 } }
                env: { THRESHOLD_KMH: "90", MODE: strict }
                """);

        Document doc = DescriptorDocument.write(descriptor);

        assertEquals(descriptor, DescriptorDocument.read(doc));
        assertEquals(List.of("java", "-jar", "speed-alert.jar"), doc.get("run", Document.class).get("command"));
        assertEquals(new Document("zone", "north").append("disk", "ssd"),
                doc.get("placement", Document.class).get("labels"));
    }

    @Test
    void aMinimalDescriptorIsStoredWithEveryDefault() {
        AppDescriptor descriptor = new DescriptorParser().parse("""
                name: tiny
                version: 0.0.1
                run: { command: ["./start.sh"] }
                """);

        Document doc = DescriptorDocument.write(descriptor);

        assertEquals(descriptor, DescriptorDocument.read(doc));
        assertEquals(8080, doc.get("port"));
        assertEquals(1, doc.get("instances"));
        assertEquals(new Document("cpu", 0.25).append("memoryMb", 128), doc.get("resources"));
        assertEquals(new Document("path", "/health").append("intervalSeconds", 5).append("timeoutSeconds", 2)
                .append("failureThreshold", 3).append("startupSeconds", 60), doc.get("health"));
        assertEquals(List.of(), doc.get("sensors"));
        assertEquals(new Document(), doc.get("env"));
        assertEquals("", doc.get("description"));
    }
}
