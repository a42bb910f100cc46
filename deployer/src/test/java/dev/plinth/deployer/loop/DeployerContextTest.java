package dev.plinth.deployer.loop;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import dev.plinth.contracts.events.DeploymentEvent;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.DeploymentDocument;
import dev.plinth.testkit.mongo.InProcessMongo;
import dev.plinth.testkit.wait.Waits;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The deployer as the bootstrapper starts it: environments {@code plinth} and {@code deployer},
 * the subsystem switched on, MongoDB by URI. Kafka is switched off here and the event client
 * replaced by a recording bean, which only this test defines.
 */
class DeployerContextTest {

    private final InProcessMongo mongo = InProcessMongo.start();

    @AfterEach
    void stop() {
        mongo.close();
    }

    private Map<String, Object> properties(boolean deployerEnabled) {
        Map<String, Object> p = new HashMap<>();
        p.put("plinth.subsystems.deployer.enabled", String.valueOf(deployerEnabled));
        p.put("plinth.mongodb.uri", mongo.uri());
        p.put("plinth.mongodb.database", InProcessMongo.TEST_DATABASE);
        p.put("plinth.kafka.bootstrap-servers", "127.0.0.1:9");
        p.put("plinth.security.jwt-secret", "a-test-secret-that-is-long-enough-for-hs256!");
        p.put("kafka.enabled", "false");
        p.put("plinth.deployer.resync-interval", "200ms");
        p.put("plinth.deployer.lease-renew-interval", "100ms");
        return p;
    }

    @Test
    void deployerStartsWithItsContextAndReconcilesWhatIsInMongo() {
        try (ApplicationContext context = ApplicationContext.builder()
                .environments("plinth", "deployer").properties(properties(true)).start()) {
            DeployerSettings settings = context.getBean(DeployerSettings.class);
            assertEquals(Duration.ofMillis(200), settings.resyncInterval());
            assertEquals(Duration.ofSeconds(10), settings.leaseDuration());
            assertEquals(Duration.ofMinutes(10), settings.failureWindow());
            assertEquals(5, settings.failureBudget());
            assertEquals(Duration.ofSeconds(60), settings.backoffCap());

            MongoClient client = context.getBean(MongoClient.class);
            client.getDatabase(InProcessMongo.TEST_DATABASE).getCollection(Collections.DEPLOYMENTS).insertOne(
                    new Document(DeploymentDocument.ID, "d1").append(DeploymentDocument.APP, "thermo").append(DeploymentDocument.OWNER, "dev").append(DeploymentDocument.VERSION, "1.0.0")
                            .append(DeploymentDocument.INSTANCES, 2).append(DeploymentDocument.GENERATION, 1L).append(DeploymentDocument.ACTIVE, true)
                            .append("spec", new Document("version", "1.0.0")));

            await(() -> client.getDatabase(InProcessMongo.TEST_DATABASE).getCollection(Collections.INSTANCES)
                    .countDocuments(Filters.eq("deploymentId", "d1")) == 2);
            assertTrue(context.getBean(ReconcileLoop.class).holdsLease());
            RecordingClient events = context.getBean(RecordingClient.class);
            await(() -> events.sent.stream().anyMatch(e -> e.type() == DeploymentEvent.Type.DESIRED));
        }
    }

    @Test
    void withoutTheSwitchNothingOfTheDeployerRuns() {
        try (ApplicationContext context = ApplicationContext.builder()
                .environments("plinth", "node-manager").properties(properties(false)).start()) {
            assertFalse(context.containsBean(ReconcileLoop.class));
            assertFalse(context.containsBean(PlanApplier.class));
            assertFalse(context.containsBean(DeploymentEventListener.class));
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        Waits.untilTrue("the deployer's instances", Duration.ofSeconds(15), condition, () -> "not yet");
    }

    /** Stands in for the Kafka client while Kafka is switched off in this test. */
    @Singleton
    @Replaces(DeploymentEventClient.class)
    @Requires(property = "kafka.enabled", value = "false")
    static class RecordingClient implements DeploymentEventClient {

        final List<DeploymentEvent> sent = new CopyOnWriteArrayList<>();

        @Override
        public void send(String deploymentId, DeploymentEvent event) {
            sent.add(event);
        }
    }
}
