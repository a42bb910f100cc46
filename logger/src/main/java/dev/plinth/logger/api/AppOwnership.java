package dev.plinth.logger.api;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which apps each developer owns, read from app-controller's {@code apps} collection (its
 * {@code owner} field) through a cache of a few seconds: searches and live tails ask often.
 */
@Singleton
public class AppOwnership {

    private static final Duration FRESH_FOR = Duration.ofSeconds(3);
    private static final Duration FORGET_AFTER = Duration.ofMinutes(5);

    private final MongoCollection<Document> apps;
    private final Clock clock;
    private final Map<String, Owned> cache = new ConcurrentHashMap<>();

    private record Owned(Set<String> apps, Instant loadedAt) {
    }

    public AppOwnership(MongoClient client, @Value("${plinth.mongodb.database:plinth}") String database) {
        this.apps = client.getDatabase(database).getCollection("apps");
        this.clock = Clock.systemUTC();
    }

    /**
     * @param owner a username
     * @return the names of the apps they own, as of a few seconds ago
     * @throws com.mongodb.MongoException when MongoDB cannot answer and nothing fresh is cached
     */
    public Set<String> appsOf(String owner) {
        Instant now = clock.instant();
        Owned cached = cache.get(owner);
        if (cached != null && cached.loadedAt().plus(FRESH_FOR).isAfter(now)) {
            return cached.apps();
        }
        Set<String> names = new HashSet<>();
        for (Document app : apps.find(Filters.eq("owner", owner)).projection(Projections.include("_id"))) {
            names.add(String.valueOf(app.get("_id")));
        }
        Set<String> owned = Set.copyOf(names);
        cache.put(owner, new Owned(owned, now));
        cache.values().removeIf(entry -> entry.loadedAt().plus(FORGET_AFTER).isBefore(now));
        return owned;
    }
}
