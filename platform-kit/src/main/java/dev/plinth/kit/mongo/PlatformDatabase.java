package dev.plinth.kit.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/**
 * The platform's database as a bean, so no class looks its name up itself: one per subsystem
 * context, on that context's {@link MongoClient} (configured by {@code mongodb.uri}), named by
 * {@code plinth.mongodb.database} ({@code plinth} by default). The bootstrapper sets both for every
 * context, in {@code plinth up} and in {@code plinth service NAME} alike.
 */
@Factory
@Requires(property = "mongodb.uri")
public class PlatformDatabase {

    @Singleton
    MongoDatabase platformDatabase(MongoClient client, @Value("${plinth.mongodb.database:plinth}") String name) {
        return client.getDatabase(name);
    }
}
