package dev.plinth.gateway.auth;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.plinth.contracts.state.Collections;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import org.bson.Document;

import java.time.Instant;
import java.util.Date;

/**
 * Whether anyone may register themselves. The setting {@code plinth.auth.registration-open} (default
 * true) holds until an admin decides otherwise; the admin's decision is kept in MongoDB (collection
 * {@code settings}, document {@code registration}), so every gateway process follows it at once and
 * it survives restarts. It is read on every registration: registration is rate-limited and rare.
 */
@Singleton
public class RegistrationSwitch {

    static final String DOCUMENT_ID = "registration";

    private final MongoCollection<Document> settings;
    private final AuthSettings defaults;

    public RegistrationSwitch(MongoDatabase database, AuthSettings defaults) {
        this.settings = database.getCollection(Collections.SETTINGS);
        this.defaults = defaults;
    }

    /**
     * Whether registration is open, and who last decided.
     *
     * @param open      whether anyone may register
     * @param changedBy the admin who last switched it, or null while the setting's default holds
     * @param changedAt when, or null likewise
     */
    @Serdeable
    public record State(boolean open, @Nullable String changedBy, @Nullable Instant changedAt) {
    }

    /** @return the current state: an admin's decision, else the setting */
    public State state() {
        Document stored = settings.find(Filters.eq("_id", DOCUMENT_ID)).first();
        if (stored == null || stored.getBoolean("open") == null) {
            return new State(defaults.registrationOpen(), null, null);
        }
        Date at = stored.getDate("changedAt");
        return new State(stored.getBoolean("open"), stored.getString("changedBy"), at == null ? null : at.toInstant());
    }

    /** Records an admin's decision. */
    public State set(boolean open, String admin) {
        Instant now = Instant.now();
        settings.replaceOne(Filters.eq("_id", DOCUMENT_ID),
                new Document("_id", DOCUMENT_ID).append("open", open).append("changedBy", admin).append("changedAt", Date.from(now)),
                new ReplaceOptions().upsert(true));
        return new State(open, admin, now);
    }
}
