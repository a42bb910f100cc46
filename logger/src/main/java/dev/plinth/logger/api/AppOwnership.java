package dev.plinth.logger.api;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.plinth.contracts.state.AppDocument;
import dev.plinth.contracts.state.Collections;
import jakarta.inject.Singleton;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which apps each developer owns, read from app-controller's {@code apps} collection (its
 * {@code owner} and {@code createdAt} fields) through a cache of a few seconds: searches and live
 * tails ask often. The creation time tells an app from an earlier one of the same name, since
 * deleted, whose lines are not its owner's to see.
 */
@Singleton
public class AppOwnership {

    private static final Duration FRESH_FOR = Duration.ofSeconds(3);
    private static final Duration FORGET_AFTER = Duration.ofMinutes(5);

    private final MongoCollection<Document> apps;
    private final Clock clock;
    private final Map<String, Owned> cache = new ConcurrentHashMap<>();

    private record Owned(Map<String, Instant> apps, Instant loadedAt) {
    }

    public AppOwnership(MongoDatabase database) {
        this.apps = database.getCollection(Collections.APPS);
        this.clock = Clock.systemUTC();
    }

    /**
     * @param owner a username
     * @return the names of the apps they own, each with when it was created (the epoch when not
     *         recorded), as of a few seconds ago
     * @throws com.mongodb.MongoException when MongoDB cannot answer and nothing fresh is cached
     */
    public Map<String, Instant> appsOf(String owner) {
        Instant now = clock.instant();
        Owned cached = cache.get(owner);
        if (cached != null && cached.loadedAt().plus(FRESH_FOR).isAfter(now)) {
            return cached.apps();
        }
        Map<String, Instant> names = new HashMap<>();
        for (Document doc : apps.find(Filters.eq(AppDocument.OWNER, owner)).projection(Projections.include(AppDocument.ID, AppDocument.CREATED_AT))) {
            AppDocument app = AppDocument.read(doc);
            names.put(app.name(), app.createdAt() == null ? Instant.EPOCH : app.createdAt());
        }
        Map<String, Instant> owned = Map.copyOf(names);
        cache.put(owner, new Owned(owned, now));
        cache.values().removeIf(entry -> entry.loadedAt().plus(FORGET_AFTER).isBefore(now));
        return owned;
    }
}
