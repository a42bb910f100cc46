package dev.plinth.appcontroller.apps;

import dev.plinth.contracts.descriptor.AppDescriptor;
import dev.plinth.contracts.descriptor.DescriptorParser;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DescriptorDocumentsTest {

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

        Document doc = DescriptorDocuments.toDocument(descriptor);

        assertEquals(descriptor, DescriptorDocuments.fromDocument(doc));
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

        Document doc = DescriptorDocuments.toDocument(descriptor);

        assertEquals(descriptor, DescriptorDocuments.fromDocument(doc));
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
