package dev.plinth.appcontroller.apps;

import dev.plinth.appcontroller.deployments.DeploymentEvents;
import dev.plinth.appcontroller.deployments.DeploymentEventsClient;
import dev.plinth.appcontroller.deployments.DeploymentRecord;
import dev.plinth.appcontroller.deployments.InstanceSpecDocument;
import dev.plinth.appcontroller.testing.ExamplePackages;
import dev.plinth.contracts.descriptor.DescriptorParser;
import dev.plinth.testkit.mongo.InProcessMongo;
import dev.plinth.testkit.tokens.TestTokens;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The production wiring of the event publishers: the real Kafka clients, and a broker that does
 * not answer. MongoDB holds the truth, so a lost wake-up is logged and the caller goes on.
 */
class EventPublishingTest {

    @Test
    void aKafkaOutageDoesNotFailTheChange() {
        try (InProcessMongo mongo = InProcessMongo.start();
             ApplicationContext context = ApplicationContext.builder()
                     .environments("plinth", "app-controller")
                     .deduceEnvironment(false)
                     .properties(Map.of(
                             "plinth.test.kafka", "real",
                             "plinth.subsystems.app-controller.enabled", "true",
                             "plinth.kafka.bootstrap-servers", "127.0.0.1:9",
                             "kafka.producers.default.max.block.ms", "300",
                             "plinth.security.jwt-secret", TestTokens.SECRET,
                             "plinth.mongodb.uri", mongo.uri() + "/plinth",
                             "plinth.scheduler.enabled", "false"))
                     .start()) {
            AppEventsClient appClient = context.getBean(AppEventsClient.class);
            DeploymentEventsClient deploymentClient = context.getBean(DeploymentEventsClient.class);
            assertFalse(appClient.getClass().getName().contains("Recording"), appClient.getClass().getName());
            assertFalse(deploymentClient.getClass().getName().contains("Recording"), deploymentClient.getClass().getName());

            VersionRecord version = new VersionRecord("hello-http", "1.0.0", "ada", "ab".repeat(32), 1, 1, 1,
                    new DescriptorParser().parse(ExamplePackages.descriptorOf(ExamplePackages.helloHttp())), List.of("process"),
                    Instant.now());
            long start = System.nanoTime();
            assertDoesNotThrow(() -> context.getBean(AppEvents.class).versionReady(version));
            DeploymentRecord deployment = new DeploymentRecord("hello-http-1", "hello-http", "ada", "1.0.0", 1, 1, true,
                    InstanceSpecDocument.of(version), null, DeploymentRecord.PENDING, null, null, Instant.now(), Instant.now(), null);
            assertDoesNotThrow(() -> context.getBean(DeploymentEvents.class).desired(deployment));
            assertTrue(System.nanoTime() - start < 20_000_000_000L, "publishing gives up after max.block.ms");
        }
    }
}
