package dev.plinth.kit.security;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.plinth.contracts.state.Collections;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;

/**
 * Users an admin disabled, shared through MongoDB so every subsystem refuses their tokens at once,
 * not only when the tokens expire. Read through a cache of a few seconds.
 */
@Singleton
@Requires(beans = MongoDatabase.class)
public class DisabledAccounts {

    private static final Logger LOG = LoggerFactory.getLogger(DisabledAccounts.class);
    private static final Duration CACHE = Duration.ofSeconds(3);

    private final MongoCollection<Document> disabled;
    private volatile Set<String> cached = Set.of();
    private volatile Instant loadedAt = Instant.EPOCH;

    public DisabledAccounts(MongoDatabase database) {
        this.disabled = database.getCollection(Collections.DISABLED_USERS);
    }

    /** @return whether the user is disabled, as of a few seconds ago */
    public boolean isDisabled(String username) {
        if (Instant.now().isAfter(loadedAt.plus(CACHE))) {
            reload();
        }
        return cached.contains(username);
    }

    private synchronized void reload() {
        if (!Instant.now().isAfter(loadedAt.plus(CACHE))) {
            return;
        }
        try {
            Set<String> names = new HashSet<>();
            for (Document d : disabled.find()) {
                names.add(d.getString("_id"));
            }
            cached = Set.copyOf(names);
        } catch (RuntimeException e) {
            // Keep the last known list: an outage of MongoDB must not sign everyone out.
            LOG.warn("cannot read disabled users: {}", e.getMessage());
        }
        loadedAt = Instant.now();
    }

    /** Marks a user disabled, at once for this process. */
    public void disable(String username) {
        disabled.replaceOne(Filters.eq("_id", username), new Document("_id", username).append("since", new Date()),
                new ReplaceOptions().upsert(true));
        loadedAt = Instant.EPOCH;
    }

    /** Marks a user enabled again. */
    public void enable(String username) {
        disabled.deleteOne(Filters.eq("_id", username));
        loadedAt = Instant.EPOCH;
    }
}
