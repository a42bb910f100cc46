package dev.plinth.appcontroller.deployments;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InstanceSpecDocumentTest {

    private static final InstanceSpecDocument SPEC = new InstanceSpecDocument("1.0.0", "ab".repeat(32), List.of(),
            "hello:1.0.0", 8080, Map.of("A", "b"), 0.5, 256, "/health", 5, 2, 3, 60, Map.of("zone", "north"),
            List.of("docker"));

    @Test
    void keepsItsRuntimesThroughTheDocument() {
        Document doc = SPEC.toDocument();

        assertEquals(List.of("docker"), doc.get("runtimes"));
        assertEquals(SPEC, InstanceSpecDocument.fromDocument(doc));
    }

    /** A deployment written before runtimes were recorded ran on process nodes, and still does. */
    @Test
    void aSpecWithoutRuntimesRunsOnProcess() {
        Document doc = SPEC.toDocument();
        doc.remove("runtimes");

        assertEquals(List.of("process"), InstanceSpecDocument.fromDocument(doc).runtimes());
    }
}
