package dev.plinth.nodemanager.metrics;

import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.InstanceDocument;
import dev.plinth.nodemanager.testinfra.Contexts;
import dev.plinth.testkit.mongo.InProcessMongo;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NodeManagerMetersTest {

    private static double gauge(MeterRegistry registry, String name, String state) {
        return registry.get(name).tag("state", state).gauge().value();
    }

    @Test
    void countsNodesAndInstancesByStateLeavingOutHistory() {
        try (InProcessMongo mongo = InProcessMongo.start()) {
            mongo.database(Contexts.DATABASE).getCollection(Collections.NODES).insertMany(List.of(
                    new Document("_id", "n1").append("state", "READY"),
                    new Document("_id", "n2").append("state", "READY"),
                    new Document("_id", "n3").append("state", "LOST")));
            mongo.database(Contexts.DATABASE).getCollection(Collections.INSTANCES).insertMany(List.of(
                    new Document(InstanceDocument.ID, "a-1").append(InstanceDocument.STATE, "HEALTHY")
                            .append(InstanceDocument.DESIRED, InstanceDocument.RUN),
                    new Document(InstanceDocument.ID, "a-2").append(InstanceDocument.STATE, InstanceDocument.PENDING)
                            .append(InstanceDocument.DESIRED, InstanceDocument.RUN),
                    new Document(InstanceDocument.ID, "a-3").append(InstanceDocument.STATE, "EXITED")
                            .append(InstanceDocument.DESIRED, InstanceDocument.RUN),
                    new Document(InstanceDocument.ID, "a-4").append(InstanceDocument.STATE, "STOPPED")
                            .append(InstanceDocument.DESIRED, InstanceDocument.STOP),
                    new Document(InstanceDocument.ID, "a-5").append(InstanceDocument.STATE, "HEALTHY")
                            .append(InstanceDocument.DESIRED, InstanceDocument.STOP)));
            MeterRegistry registry = new SimpleMeterRegistry();
            new NodeManagerMeters(mongo.database(Contexts.DATABASE)).bindTo(registry);

            assertEquals(2.0, gauge(registry, "plinth.nodes", "READY"));
            assertEquals(1.0, gauge(registry, "plinth.nodes", "LOST"));
            assertEquals(0.0, gauge(registry, "plinth.nodes", "DRAINING"));
            assertEquals(2.0, gauge(registry, "plinth.instances", "HEALTHY"), "a stopping instance still runs");
            assertEquals(1.0, gauge(registry, "plinth.instances", "PENDING"));
            assertEquals(1.0, gauge(registry, "plinth.instances", "EXITED"), "ended but still wanted");
            assertEquals(0.0, gauge(registry, "plinth.instances", "STOPPED"), "history");
        }
    }
}
