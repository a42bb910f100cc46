package dev.plinth.deployer.metrics;

import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.DeploymentDocument;
import dev.plinth.testkit.mongo.InProcessMongo;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DeployerMetersTest {

    private static double deployments(MeterRegistry registry, String status) {
        return registry.get("plinth.deployments").tag("status", status).gauge().value();
    }

    @Test
    void countsDeploymentsByStatus() {
        try (InProcessMongo mongo = InProcessMongo.start()) {
            mongo.client().getDatabase(InProcessMongo.TEST_DATABASE).getCollection(Collections.DEPLOYMENTS).insertMany(List.of(
                    new Document(DeploymentDocument.ID, "d1").append(DeploymentDocument.STATUS, "RUNNING"),
                    new Document(DeploymentDocument.ID, "d2").append(DeploymentDocument.STATUS, "RUNNING"),
                    new Document(DeploymentDocument.ID, "d3").append(DeploymentDocument.STATUS, "FAILED"),
                    new Document(DeploymentDocument.ID, "d4")));
            MeterRegistry registry = new SimpleMeterRegistry();
            new DeployerMeters(mongo.database(InProcessMongo.TEST_DATABASE)).bindTo(registry);

            assertEquals(2.0, deployments(registry, "RUNNING"));
            assertEquals(1.0, deployments(registry, "FAILED"));
            assertEquals(0.0, deployments(registry, "DEGRADED"));
        }
    }
}
