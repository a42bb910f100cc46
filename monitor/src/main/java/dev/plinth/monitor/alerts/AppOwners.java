package dev.plinth.monitor.alerts;

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
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who owns which app, from app-controller's {@code apps} collection ({@code _id} is the app's name,
 * {@code owner} the developer). A developer's apps are kept for a few seconds, since every listing
 * asks.
 */
@Singleton
public class AppOwners {

    private static final Duration FRESH_FOR = Duration.ofSeconds(3);
    private static final int MAX_CACHED = 1000;

    private final MongoCollection<Document> apps;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Cached> byOwner = new ConcurrentHashMap<>();

    private record Cached(Set<String> apps, Instant at) {
    }

    public AppOwners(MongoDatabase database) {
        this.apps = database.getCollection(Collections.APPS);
    }

    /**
     * @param app an app's name
     * @return its owner now, or null when there is no such app
     */
    public String ownerOf(String app) {
        Document doc = apps.find(Filters.eq(AppDocument.ID, app)).projection(Projections.include(AppDocument.OWNER)).first();
        return doc == null ? null : AppDocument.read(doc).owner();
    }

    /**
     * @param owner a username
     * @return the names of the apps they own, as of a few seconds ago
     */
    public Set<String> appsOf(String owner) {
        Instant now = clock.instant();
        Cached cached = byOwner.get(owner);
        if (cached != null && cached.at().plus(FRESH_FOR).isAfter(now)) {
            return cached.apps();
        }
        Set<String> names = new HashSet<>();
        for (Document app : apps.find(Filters.eq(AppDocument.OWNER, owner)).projection(Projections.include(AppDocument.ID))) {
            names.add(AppDocument.read(app).name());
        }
        if (byOwner.size() >= MAX_CACHED) {
            byOwner.clear();
        }
        Set<String> owned = Set.copyOf(names);
        byOwner.put(owner, new Cached(owned, now));
        return owned;
    }
}
