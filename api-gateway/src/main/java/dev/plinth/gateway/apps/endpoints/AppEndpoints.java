package dev.plinth.gateway.apps.endpoints;

import dev.plinth.contracts.events.InstanceState;
import dev.plinth.contracts.events.InstanceStatus;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The table of healthy instances of every app, which the proxy routes across.
 *
 * <p>Two sources feed it. Status events ({@code instance.status}) change it at once: HEALTHY adds
 * an instance, any other state removes it. A periodic snapshot of MongoDB's {@code instances}
 * replaces it, so a missed event never leaves it stale. node-manager records an event in MongoDB
 * a little after the gateway sees it, so an event outranks the snapshots for
 * {@link EndpointSettings#statusGrace()}; an instance MongoDB says must stop ({@code desired:
 * STOP}) leaves at once whatever the events say.</p>
 *
 * <p>Balancing is round robin over an app's healthy instances, in a stable order: instances of an
 * app are identical replicas, IoT app requests are short, and round robin spreads them evenly
 * without the gateway tracking every request's end (least-outstanding-requests would only pay off
 * with replicas of unequal speed or long requests, and would still be per gateway replica). An
 * instance that refused a connection is {@linkplain #markSuspect suspect} for a few seconds and
 * tried last.</p>
 */
@Singleton
public class AppEndpoints {

    /** What the table says about routing to an app. */
    public enum Verdict {
        /** It has healthy instances: try {@link Route#candidates()} in order. */
        ROUTABLE,
        /** The app exists but none of its instances is healthy. */
        NO_HEALTHY_INSTANCE,
        /** No app of that name exists. */
        UNKNOWN_APP,
        /** MongoDB has not been read yet, so an unknown app cannot be told from a missing one. */
        NOT_LOADED
    }

    /**
     * Where to send one request.
     *
     * @param verdict    whether it can be routed
     * @param candidates the instances to try, in order (round robin, suspects last); empty unless
     *                   {@link Verdict#ROUTABLE}
     */
    public record Route(Verdict verdict, List<Endpoint> candidates) {
    }

    /**
     * What MongoDB said at one moment.
     *
     * @param healthy    instances with {@code desired: RUN} and {@code state: HEALTHY}, with address and port
     * @param stopping   ids of instances with {@code desired: STOP} that have not ended yet
     * @param apps       the names of every app in {@code apps}
     * @param readAt     when the reading started
     */
    public record StoreSnapshot(Collection<Endpoint> healthy, Set<String> stopping, Set<String> apps, Instant readAt) {
    }

    /** What an event said about an instance, and when the gateway heard it. */
    private record Heard(@Nullable Endpoint healthy, Instant at) {
    }

    private final Clock clock;
    private final Duration suspectFor;
    private final Duration statusGrace;

    // Guarded by this: the inputs the routing map is computed from.
    private final Map<String, Heard> heard = new HashMap<>();
    private Map<String, Endpoint> stored = Map.of();
    private Set<String> stopping = Set.of();

    // Read without locking on every request.
    private volatile Set<String> knownApps = Set.of();
    private volatile boolean loaded;
    private volatile Map<String, List<Endpoint>> byApp = Map.of();
    private final ConcurrentMap<String, Instant> suspectUntil = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicInteger> cursors = new ConcurrentHashMap<>();

    @Inject
    public AppEndpoints(EndpointSettings settings) {
        this(settings, Clock.systemUTC());
    }

    AppEndpoints(EndpointSettings settings, Clock clock) {
        this.clock = clock;
        this.suspectFor = settings.suspectFor();
        this.statusGrace = settings.statusGrace();
    }

    /** Applies a status event: HEALTHY adds the instance, any other state removes it. */
    public void apply(InstanceStatus status) {
        if (status.state() == InstanceState.HEALTHY) {
            healthy(new Endpoint(status.instanceId(), status.app(), status.host(), status.port()));
        } else {
            // STARTING too: an instance that restarts takes no traffic until it is healthy again.
            gone(status.instanceId());
        }
    }

    /** Adds (or moves) a healthy instance, unless MongoDB says it must stop. */
    public synchronized void healthy(Endpoint endpoint) {
        if (endpoint.instanceId() == null || endpoint.app() == null || endpoint.host() == null
                || endpoint.host().isBlank() || endpoint.port() <= 0 || endpoint.port() > 65535) {
            throw new IllegalArgumentException("a healthy instance needs an id, an app, a host and a port: " + endpoint);
        }
        if (stopping.contains(endpoint.instanceId())) {
            return;
        }
        heard.put(endpoint.instanceId(), new Heard(endpoint, clock.instant()));
        rebuild();
    }

    /** Removes an instance at once. */
    public synchronized void gone(String instanceId) {
        heard.put(instanceId, new Heard(null, clock.instant()));
        rebuild();
    }

    /**
     * Replaces what MongoDB says. Events heard less than the grace period before the snapshot
     * was read still outrank it; older ones are forgotten.
     */
    public synchronized void resync(StoreSnapshot snapshot) {
        Map<String, Endpoint> healthy = new HashMap<>();
        for (Endpoint e : snapshot.healthy()) {
            healthy.put(e.instanceId(), e);
        }
        stored = healthy;
        stopping = Set.copyOf(snapshot.stopping());
        knownApps = Set.copyOf(snapshot.apps());
        Instant forgetBefore = snapshot.readAt().minus(statusGrace);
        heard.values().removeIf(h -> h.at().isBefore(forgetBefore));
        loaded = true;
        rebuild();
    }

    private void rebuild() {
        Map<String, Endpoint> live = new HashMap<>(stored);
        heard.forEach((id, h) -> {
            if (h.healthy() != null) {
                live.put(id, h.healthy());
            } else {
                live.remove(id);
            }
        });
        stopping.forEach(live::remove);
        byApp = live.values().stream().collect(Collectors.groupingBy(Endpoint::app, Collectors.collectingAndThen(
                Collectors.toList(), list -> list.stream().sorted(Comparator.comparing(Endpoint::instanceId)).toList())));
        suspectUntil.keySet().retainAll(live.keySet());
    }

    /**
     * Decides where one request to an app goes; each call moves that app's round robin on by one.
     */
    public Route route(String app) {
        List<Endpoint> healthy = byApp.get(app);
        if (healthy != null && !healthy.isEmpty()) {
            return new Route(Verdict.ROUTABLE, inTryOrder(app, healthy));
        }
        if (knownApps.contains(app)) {
            return new Route(Verdict.NO_HEALTHY_INSTANCE, List.of());
        }
        return new Route(loaded ? Verdict.UNKNOWN_APP : Verdict.NOT_LOADED, List.of());
    }

    private List<Endpoint> inTryOrder(String app, List<Endpoint> healthy) {
        int size = healthy.size();
        int start = Math.floorMod(cursors.computeIfAbsent(app, a -> new AtomicInteger()).getAndIncrement(), size);
        Instant now = clock.instant();
        List<Endpoint> order = new ArrayList<>(size);
        List<Endpoint> suspects = new ArrayList<>(0);
        for (int i = 0; i < size; i++) {
            Endpoint e = healthy.get((start + i) % size);
            (isSuspect(e.instanceId(), now) ? suspects : order).add(e);
        }
        order.addAll(suspects);
        return order;
    }

    /**
     * Marks an instance that refused a connection: it is tried last for a few seconds.
     *
     * @return whether it was not suspect already
     */
    public boolean markSuspect(String instanceId) {
        Instant now = clock.instant();
        Instant previous = suspectUntil.put(instanceId, now.plus(suspectFor));
        return previous == null || !now.isBefore(previous);
    }

    /** @return whether the instance refused a connection a moment ago */
    public boolean isSuspect(String instanceId) {
        return isSuspect(instanceId, clock.instant());
    }

    private boolean isSuspect(String instanceId, Instant now) {
        Instant until = suspectUntil.get(instanceId);
        if (until == null) {
            return false;
        }
        if (now.isBefore(until)) {
            return true;
        }
        suspectUntil.remove(instanceId, until);
        return false;
    }

    /** @return the healthy instances of an app, ordered by instance id */
    public List<Endpoint> healthyOf(String app) {
        return byApp.getOrDefault(app, List.of());
    }

    /** @return whether the app is routable or known to exist */
    public boolean exists(String app) {
        return byApp.containsKey(app) || knownApps.contains(app);
    }
}
