package dev.plinth.kit.mongo;

import com.mongodb.client.MongoDatabase;
import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import org.bson.Document;

import java.util.Map;

/** Whether MongoDB answers a ping. */
@Singleton
@Requires(property = "mongodb.uri")
public class MongoHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final MongoDatabase database;

    public MongoHealthIndicator(MongoDatabase database) {
        this.database = database;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        try {
            database.runCommand(new Document("ping", 1));
            healthStatus = HealthStatus.UP;
            return Map.of("database", database.getName());
        } catch (RuntimeException e) {
            healthStatus = HealthStatus.DOWN;
            return Map.of("database", database.getName(), "error", String.valueOf(e.getMessage()));
        }
    }

    @Override
    protected String getName() {
        return "mongodb";
    }
}
