package dev.plinth.deployer.metrics;

import com.mongodb.client.MongoDatabase;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.DeploymentDocument;
import dev.plinth.deployer.reconcile.DeploymentStatus;
import dev.plinth.deployer.store.DeploymentRepository;
import dev.plinth.kit.metrics.FieldCounts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Singleton;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

/**
 * The deployer's meter {@code plinth.deployments} (tag {@code status}): deployments by the status
 * the deployer gave them, counted in MongoDB at most every few seconds. A deployment the deployer
 * has not looked at yet has no status and is not counted.
 */
@Singleton
public class DeployerMeters implements MeterBinder {

    private static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private final MongoDatabase database;

    public DeployerMeters(MongoDatabase database) {
        this.database = database;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        new FieldCounts(database.getCollection(Collections.DEPLOYMENTS), DeploymentDocument.STATUS,
                new Document(), FRESH_FOR, Clock.systemUTC())
                .register(registry, "plinth.deployments", "Deployments by status", "status",
                        Arrays.stream(DeploymentStatus.values()).map(Enum::name).toList());
    }
}
