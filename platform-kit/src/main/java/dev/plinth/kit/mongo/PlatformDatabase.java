package dev.plinth.kit.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.data.model.PersistentEntity;
import io.micronaut.data.mongodb.operations.MongoDatabaseNameProvider;
import jakarta.inject.Singleton;

/**
 * The platform's database, named once for the driver and for Micronaut Data alike.
 *
 * <p>As a {@link MongoDatabase} bean, so no class looks its name up itself: one per subsystem
 * context, on that context's {@link MongoClient} (configured by {@code mongodb.uri}, which the
 * platform's settings set from {@code plinth.mongodb.uri}), named by {@code plinth.mongodb.database}
 * ({@code plinth} by default). The bootstrapper sets both for every context, in {@code plinth up} and
 * in {@code plinth service NAME} alike.</p>
 *
 * <p>Micronaut Data's repositories would otherwise take the database from the path of
 * {@code mongodb.uri} (and fail when it has none); here they take the same name, so a repository and
 * a collection handle of the same context always meet in one database, whatever the URI says.</p>
 */
@Factory
@Requires(property = "mongodb.uri")
public class PlatformDatabase {

    /** The setting that names the platform's database. */
    public static final String NAME = "${plinth.mongodb.database:plinth}";

    @Singleton
    MongoDatabase platformDatabase(MongoClient client, @Value(NAME) String name) {
        return client.getDatabase(name);
    }

    @Singleton
    @Replaces(MongoDatabaseNameProvider.class)
    MongoDatabaseNameProvider repositoryDatabase(@Value(NAME) String name) {
        return new MongoDatabaseNameProvider() {
            @Override
            public String provide(PersistentEntity persistentEntity, Class<?> repositoryClass) {
                return name;
            }

            @Override
            public String provide(Class<?> type) {
                return name;
            }
        };
    }
}
