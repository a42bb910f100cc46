package dev.plinth.kit.mongo;

import com.mongodb.client.MongoClient;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import org.bson.Document;

import java.util.Map;

/** Whether MongoDB answers a ping. */
@Singleton
@Requires(property = "mongodb.uri")
public class MongoHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final MongoClient client;
    private final String database;

    public MongoHealthIndicator(MongoClient client, @Value("${plinth.mongodb.database:plinth}") String database) {
        this.client = client;
        this.database = database;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        try {
            client.getDatabase(database).runCommand(new Document("ping", 1));
            healthStatus = HealthStatus.UP;
            return Map.of("database", database);
        } catch (RuntimeException e) {
            healthStatus = HealthStatus.DOWN;
            return Map.of("database", database, "error", String.valueOf(e.getMessage()));
        }
    }

    @Override
    protected String getName() {
        return "mongodb";
    }
}
