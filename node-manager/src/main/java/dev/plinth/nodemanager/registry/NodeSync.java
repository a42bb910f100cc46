package dev.plinth.nodemanager.registry;

import dev.plinth.kit.control.Lease;
import dev.plinth.nodemanager.registry.NodeStore.Stored;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the registry and the {@code nodes} collection in step. Every node-manager process reads the
 * admin states (an admin may have changed one through another process); only the process holding
 * the lease writes what heartbeats say (fenced with the lease), and only when a node's state or
 * instance list changed or every {@code plinth.nodes.write-every}, not at each heartbeat.
 *
 * <p>Its methods hold one lock, so an admin's change (registry and store together) never interleaves
 * with a refresh that read the store just before it and would put the old admin state back.</p>
 */
@Singleton
public class NodeSync {

    private static final Logger LOG = LoggerFactory.getLogger(NodeSync.class);

    private final NodeRegistry registry;
    private final NodeStore store;
    private final Duration writeEvery;
    private final Clock clock;
    private final Map<String, Written> written = new ConcurrentHashMap<>();
    private volatile boolean initialised;

    public NodeSync(NodeRegistry registry, NodeStore store, RegistrySettings settings) {
        this(registry, store, settings.writeEvery(), Clock.systemUTC());
    }

    NodeSync(NodeRegistry registry, NodeStore store, Duration writeEvery, Clock clock) {
        this.registry = registry;
        this.store = store;
        this.writeEvery = writeEvery;
        this.clock = clock;
    }

    /**
     * On first call, writes the inventory and takes the stored admin states and last heartbeat times;
     * afterwards takes admin states changed elsewhere. Fails (to be retried) while MongoDB is away.
     */
    public synchronized void refresh() {
        if (!initialised) {
            store.ensureIndexes();
            store.upsertInventory(registry.nodes().stream().map(NodeView::spec).toList());
            for (Map.Entry<String, Stored> stored : store.load().entrySet()) {
                registry.restore(stored.getKey(), stored.getValue().adminState(), stored.getValue().lastHeartbeatAt(),
                        stored.getValue().isolationProblems());
            }
            initialised = true;
            LOG.info("node registry loaded: {}", registry.nodes().stream()
                    .map(v -> v.name() + " " + v.state().name().toLowerCase()).toList());
            return;
        }
        Map<String, Stored> stored = store.load();
        for (NodeView view : registry.nodes()) {
            Stored s = stored.get(view.name());
            if (s != null && s.adminState() != view.adminState()) {
                registry.setAdminState(view.name(), s.adminState());
            }
        }
    }

    /** @return whether {@link #refresh()} has loaded the stored state */
    public boolean initialised() {
        return initialised;
    }

    /**
     * Writes what changed since the last write, and everything every so often.
     *
     * @param lease the {@code node-manager} lease this process holds, which fences the writes
     * @throws Lease.LostLease when a newer holder of the lease wrote a node, or this process's term is up
     */
    public synchronized void persist(Lease lease) {
        Instant now = clock.instant();
        for (NodeView view : registry.nodes()) {
            List<String> running = view.lastHeartbeat() == null ? null : view.lastHeartbeat().instances();
            List<Integer> taken = view.lastHeartbeat() == null ? null : view.lastHeartbeat().takenPorts();
            Written last = written.get(view.name());
            boolean changed = last == null || last.state != view.state() || !Objects.equals(last.running, running)
                    || !Objects.equals(last.takenPorts, taken);
            boolean due = last == null || Duration.between(last.at, now).compareTo(writeEvery) >= 0;
            if (changed || (due && view.lastHeartbeat() != null)) {
                store.writeObserved(view, lease);
                written.put(view.name(), new Written(view.state(), running, taken, now));
            }
        }
    }

    /** Records an admin's decision in the registry and the store at once. */
    public synchronized Optional<NodeView> setAdminState(String name, AdminState admin) {
        Optional<NodeView> view = registry.setAdminState(name, admin);
        view.ifPresent(v -> store.setAdminState(name, admin, v.state()));
        return view;
    }

    private record Written(NodeState state, List<String> running, List<Integer> takenPorts, Instant at) {
    }
}
