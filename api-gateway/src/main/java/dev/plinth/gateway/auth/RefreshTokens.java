package dev.plinth.gateway.auth;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.plinth.contracts.state.Collections;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.bson.Document;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Refresh tokens: opaque random strings handed out at sign-in, kept in MongoDB only as their
 * sha256, each used once (a refresh hands out a new one), revoked at logout or when the user is
 * disabled, and removed by a TTL index when they expire.
 */
@Singleton
public class RefreshTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final MongoCollection<Document> tokens;

    public RefreshTokens(MongoDatabase database) {
        this.tokens = database.getCollection(Collections.REFRESH_TOKENS);
    }

    @EventListener
    void createIndexes(StartupEvent event) {
        tokens.createIndex(Indexes.ascending("expiresAt"), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
        tokens.createIndex(Indexes.ascending("username"));
    }

    /** @return a new refresh token for the user, valid for the lifetime */
    public String issue(String username, Duration lifetime) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = Instant.now();
        tokens.insertOne(new Document("_id", hash(token)).append("username", username)
                .append("issuedAt", Date.from(now)).append("expiresAt", Date.from(now.plus(lifetime))));
        return token;
    }

    /**
     * Uses a refresh token up.
     *
     * @return the user it was issued to, when it was valid; it is valid no more
     */
    public Optional<String> redeem(String token) {
        Document found = tokens.findOneAndDelete(Filters.and(
                Filters.eq("_id", hash(token)), Filters.gt("expiresAt", Date.from(Instant.now()))));
        return Optional.ofNullable(found).map(d -> d.getString("username"));
    }

    /** Revokes one token (logout). */
    public void revoke(String token) {
        tokens.deleteOne(Filters.eq("_id", hash(token)));
    }

    /** Revokes every token of a user (disabled). */
    public long revokeAll(String username) {
        return tokens.deleteMany(Filters.eq("username", username)).getDeletedCount();
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
