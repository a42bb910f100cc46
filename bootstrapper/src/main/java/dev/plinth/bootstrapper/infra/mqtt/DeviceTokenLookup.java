package dev.plinth.bootstrapper.infra.mqtt;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Device token hashes from sensor-manager's {@code devices} collection ({@code tokenHash}, sha256 hex),
 * read with the sync driver and cached for a few seconds, so a reconnecting fleet does not cost a
 * read per connect, and a deleted device or a rotated token stops working within seconds. Connected
 * after MongoDB is up (the broker starts first); until then no device can sign in.
 */
public final class DeviceTokenLookup implements AutoCloseable {

    private static final Duration CACHE = Duration.ofSeconds(5);
    private static final int MAX_CACHED = 100_000;

    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private volatile MongoClient client;
    private volatile MongoCollection<Document> devices;

    private record Cached(String tokenHash, Instant loadedAt) {
    }

    public DeviceTokenLookup() {
        this(Clock.systemUTC());
    }

    DeviceTokenLookup(Clock clock) {
        this.clock = clock;
    }

    /**
     * Starts reading devices from this MongoDB.
     *
     * @param uri      the connection string
     * @param database the database
     */
    public synchronized void connect(String uri, String database) {
        close();
        client = MongoClients.create(uri);
        devices = client.getDatabase(database).getCollection("devices");
    }

    /**
     * @param deviceId a device id
     * @return the sha256 (hex) of its token, empty when no such device is registered
     * @throws IllegalStateException when MongoDB is not connected yet
     * @throws com.mongodb.MongoException when it cannot be read and nothing fresh is cached
     */
    public Optional<String> tokenHash(String deviceId) {
        Instant now = clock.instant();
        Cached cached = cache.get(deviceId);
        if (cached != null && cached.loadedAt().plus(CACHE).isAfter(now)) {
            return Optional.ofNullable(cached.tokenHash());
        }
        MongoCollection<Document> collection = devices;
        if (collection == null) {
            throw new IllegalStateException("the device registry is not reachable yet");
        }
        Document doc = collection.find(Filters.eq("_id", deviceId)).projection(Projections.include("tokenHash")).first();
        String hash = doc == null ? null : doc.getString("tokenHash");
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(deviceId, new Cached(hash, now));
        return Optional.ofNullable(hash);
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
            devices = null;
        }
        cache.clear();
    }
}
