package dev.plinth.bootstrapper.infra.mqtt;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.DeploymentDocument;
import dev.plinth.contracts.state.DeviceDocument;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Device token hashes from sensor-manager's {@code devices} collection ({@code tokenHash}, sha256 hex),
 * read with the sync driver and cached for a few seconds, so a reconnecting fleet does not cost a
 * read per connect, and a deleted device or a rotated token stops working within seconds. Likewise
 * whether the deployment an app credential names is active ({@code deployments}, owned by
 * app-controller). Connected after MongoDB is up (the broker starts first); until then no device or
 * app can sign in.
 */
public final class DeviceTokenLookup implements AutoCloseable {

    private static final Duration CACHE = Duration.ofSeconds(5);
    private static final int MAX_CACHED = 100_000;

    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, Cached> deploymentCache = new ConcurrentHashMap<>();
    private volatile MongoClient client;
    private volatile MongoCollection<Document> devices;
    private volatile MongoCollection<Document> deployments;

    /** A looked-up value (a token hash, or a deployment's app), null when there is none. */
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
        devices = client.getDatabase(database).getCollection(Collections.DEVICES);
        deployments = client.getDatabase(database).getCollection(Collections.DEPLOYMENTS);
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
        Document doc = collection.find(Filters.eq(DeviceDocument.ID, deviceId)).projection(Projections.include(DeviceDocument.TOKEN_HASH)).first();
        String hash = doc == null ? null : DeviceDocument.read(doc).tokenHash();
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(deviceId, new Cached(hash, now));
        return Optional.ofNullable(hash);
    }

    /**
     * @param deploymentId a deployment id, as an app credential names it
     * @return the app of that deployment while it is active; empty when it is stopped or unknown
     * @throws IllegalStateException when MongoDB is not connected yet
     */
    public Optional<String> activeDeploymentApp(String deploymentId) {
        Instant now = clock.instant();
        Cached cached = deploymentCache.get(deploymentId);
        if (cached != null && cached.loadedAt().plus(CACHE).isAfter(now)) {
            return Optional.ofNullable(cached.tokenHash());
        }
        Map<String, String> active = activeDeployments(Set.of(deploymentId));
        return Optional.ofNullable(active.get(deploymentId));
    }

    /**
     * The current token hashes of devices, read now (for checking open sessions), refreshing the cache.
     *
     * @return device id → token hash, for those still registered
     */
    public Map<String, String> tokenHashes(Collection<String> deviceIds) {
        MongoCollection<Document> collection = connected(devices);
        Map<String, String> out = new HashMap<>();
        Instant now = clock.instant();
        for (List<String> chunk : chunks(deviceIds)) {
            for (Document doc : collection.find(Filters.in(DeviceDocument.ID, chunk)).projection(Projections.include(DeviceDocument.TOKEN_HASH))) {
                DeviceDocument device = DeviceDocument.read(doc);
                if (device.tokenHash() != null) {
                    out.put(device.id(), device.tokenHash());
                }
            }
        }
        remember(cache, deviceIds, out, now);
        return out;
    }

    /**
     * Which of these deployments are active, read now, refreshing the cache.
     *
     * @return deployment id → its app, for the active ones
     */
    public Map<String, String> activeDeployments(Collection<String> deploymentIds) {
        MongoCollection<Document> collection = connected(deployments);
        Map<String, String> out = new HashMap<>();
        Instant now = clock.instant();
        for (List<String> chunk : chunks(deploymentIds)) {
            for (Document doc : collection.find(Filters.and(Filters.in(DeploymentDocument.ID, chunk), Filters.eq(DeploymentDocument.ACTIVE, true)))
                    .projection(Projections.include(DeploymentDocument.APP))) {
                DeploymentDocument deployment = DeploymentDocument.read(doc);
                if (deployment.app() != null) {
                    out.put(deployment.id(), deployment.app());
                }
            }
        }
        remember(deploymentCache, deploymentIds, out, now);
        return out;
    }

    private static MongoCollection<Document> connected(MongoCollection<Document> collection) {
        if (collection == null) {
            throw new IllegalStateException("the platform's records are not reachable yet");
        }
        return collection;
    }

    private static List<List<String>> chunks(Collection<String> ids) {
        List<String> all = new ArrayList<>(ids);
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 1000) {
            out.add(all.subList(i, Math.min(all.size(), i + 1000)));
        }
        return out;
    }

    private static void remember(Map<String, Cached> into, Collection<String> asked, Map<String, String> found, Instant now) {
        if (into.size() + asked.size() >= MAX_CACHED) {
            into.clear();
        }
        for (String id : asked) {
            into.put(id, new Cached(found.get(id), now));
        }
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
            devices = null;
            deployments = null;
        }
        cache.clear();
        deploymentCache.clear();
    }
}
