package dev.plinth.deployer.metrics;

import com.mongodb.client.MongoClient;
import dev.plinth.deployer.reconcile.DeploymentStatus;
import dev.plinth.deployer.store.DeploymentRepository;
import dev.plinth.kit.metrics.FieldCounts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.annotation.Value;
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

    private final MongoClient client;
    private final String database;

    public DeployerMeters(MongoClient client, @Value("${plinth.mongodb.database:plinth}") String database) {
        this.client = client;
        this.database = database;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        new FieldCounts(client.getDatabase(database).getCollection(DeploymentRepository.COLLECTION), "status",
                new Document(), FRESH_FOR, Clock.systemUTC())
                .register(registry, "plinth.deployments", "Deployments by status", "status",
                        Arrays.stream(DeploymentStatus.values()).map(Enum::name).toList());
    }
}
