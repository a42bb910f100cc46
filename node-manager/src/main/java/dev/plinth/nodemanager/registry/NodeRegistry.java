package dev.plinth.nodemanager.registry;

import dev.plinth.contracts.events.NodeHeartbeat;
import dev.plinth.contracts.inventory.InventoryLoader;
import dev.plinth.contracts.inventory.Isolation;
import dev.plinth.contracts.inventory.NodeInventory;
import dev.plinth.contracts.inventory.NodeSpec;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The nodes of the inventory and their state, as their agents' heartbeats and the admins' decisions
 * show it. A node whose heartbeats stop for {@code plinth.nodes.lost-after} is lost; it is ready
 * again at its next heartbeat. Liveness and admin state are kept apart and combined in
 * {@link NodeView#state()}: a silent node is {@link NodeState#LOST} (or {@link NodeState#UNKNOWN} when
 * it never reported) whatever the admin said, since its instances are gone either way. A node whose
 * agent reports isolation problems is {@link NodeState#NOT_READY} whatever the admin said: it can run
 * nothing until they are fixed.
 */
@Singleton
public class NodeRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(NodeRegistry.class);

    private final Map<String, Entry> nodes = new ConcurrentHashMap<>();
    private final Duration lostAfter;
    private final Clock clock;

    @Inject
    public NodeRegistry(RegistrySettings settings) {
        this(new InventoryLoader().load(settings.inventoryFile()), settings.lostAfter(), Clock.systemUTC());
    }

    /**
     * @param inventory the nodes
     * @param lostAfter silence after which a node is lost
     * @param clock     the time
     */
    public NodeRegistry(NodeInventory inventory, Duration lostAfter, Clock clock) {
        this.lostAfter = lostAfter;
        this.clock = clock;
        for (NodeSpec spec : inventory.nodes()) {
            nodes.put(spec.name(), new Entry(spec, NodeState.UNKNOWN, AdminState.ACTIVE, null, null, List.of()));
            if (spec.isolation() == Isolation.NONE) {
                LOG.warn("node {} runs instances UNCONFINED (isolation: none in the inventory): uploaded code on it is"
                        + " not sandboxed", spec.name());
            }
        }
    }

    /** Records a heartbeat; heartbeats from nodes outside the inventory are ignored with a warning. */
    public void heartbeat(NodeHeartbeat heartbeat) {
        Instant now = clock.instant();
        List<String> problems = heartbeat.isolationProblems();
        NodeState liveness = problems.isEmpty() ? NodeState.READY : NodeState.NOT_READY;
        Entry updated = nodes.computeIfPresent(heartbeat.nodeId(), (id, entry) -> {
            if (liveness == NodeState.NOT_READY && !problems.equals(entry.problems)) {
                LOG.warn("node {} is NOT READY: its agent cannot isolate instances, so nothing is placed on it: {}",
                        id, String.join("; ", problems));
            } else if (liveness == NodeState.READY && entry.liveness == NodeState.NOT_READY) {
                LOG.info("node {} can isolate instances again; it is ready", id);
            } else if (entry.liveness == NodeState.LOST || entry.liveness == NodeState.UNKNOWN) {
                LOG.info("node {} reports again (agent {})", id, heartbeat.agentId());
            }
            if (heartbeat.unconfined() && (entry.lastHeartbeat == null || !entry.lastHeartbeat.unconfined())
                    && entry.spec.isolation() != Isolation.NONE) {
                LOG.warn("node {} runs instances UNCONFINED: its agent's inventory says isolation: none", id);
            }
            return new Entry(entry.spec, liveness, entry.admin, heartbeat, now, problems);
        });
        if (updated == null) {
            LOG.warn("heartbeat from node '{}', which is not in the inventory; ignored", heartbeat.nodeId());
        }
    }

    /** Marks nodes lost whose heartbeats stopped. */
    public void expire() {
        Instant now = clock.instant();
        nodes.replaceAll((id, entry) -> {
            boolean silent = entry.seenAt != null && Duration.between(entry.seenAt, now).compareTo(lostAfter) > 0;
            if (silent && (entry.liveness == NodeState.READY || entry.liveness == NodeState.NOT_READY)) {
                LOG.warn("node {} is lost: no heartbeat for {} s", id, Duration.between(entry.seenAt, now).toSeconds());
                return new Entry(entry.spec, NodeState.LOST, entry.admin, entry.lastHeartbeat, entry.seenAt, List.of());
            }
            return entry;
        });
    }

    /**
     * Takes what an earlier node-manager recorded, at start: the admin's decision, and when the
     * node was last heard of (so a node that stays silent is declared lost on time).
     *
     * @param name      the node
     * @param admin     its stored admin state
     * @param lastHeard its stored last heartbeat time, or null
     * @param problems  the isolation problems its last stored heartbeat reported: a node that could
     *                  not isolate stays not ready until its agent says otherwise
     */
    public void restore(String name, AdminState admin, Instant lastHeard, List<String> problems) {
        nodes.computeIfPresent(name, (id, entry) -> {
            if (entry.seenAt != null) {
                // A heartbeat arrived meanwhile: it is newer than anything stored.
                return new Entry(entry.spec, entry.liveness, admin, entry.lastHeartbeat, entry.seenAt, entry.problems);
            }
            List<String> stored = problems == null ? List.of() : List.copyOf(problems);
            NodeState liveness = lastHeard == null ? NodeState.UNKNOWN
                    : stored.isEmpty() ? NodeState.READY : NodeState.NOT_READY;
            return new Entry(entry.spec, liveness, admin, null, lastHeard, liveness == NodeState.NOT_READY ? stored : List.of());
        });
        expire();
    }

    /** As {@link #restore(String, AdminState, Instant, List)} for a node stored without isolation problems. */
    public void restore(String name, AdminState admin, Instant lastHeard) {
        restore(name, admin, lastHeard, List.of());
    }

    /**
     * Sets an admin's decision.
     *
     * @return the node as it is now, or empty when there is no such node
     */
    public Optional<NodeView> setAdminState(String name, AdminState admin) {
        Entry updated = nodes.computeIfPresent(name, (id, entry) -> {
            if (entry.admin != admin) {
                LOG.info("node {} is now {} (was {})", id, admin, entry.admin);
            }
            return new Entry(entry.spec, entry.liveness, admin, entry.lastHeartbeat, entry.seenAt, entry.problems);
        });
        return Optional.ofNullable(updated).map(Entry::view);
    }

    /** @return every node, by name */
    public List<NodeView> nodes() {
        return nodes.values().stream().map(Entry::view).sorted(Comparator.comparing(NodeView::name)).toList();
    }

    /** @return the node, if the inventory has it */
    public Optional<NodeView> node(String name) {
        return Optional.ofNullable(nodes.get(name)).map(Entry::view);
    }

    private record Entry(NodeSpec spec, NodeState liveness, AdminState admin, NodeHeartbeat lastHeartbeat, Instant seenAt,
                         List<String> problems) {

        NodeView view() {
            NodeState state = switch (liveness) {
                case LOST, UNKNOWN, NOT_READY -> liveness;
                default -> switch (admin) {
                    case ACTIVE -> NodeState.READY;
                    case DRAINING -> NodeState.DRAINING;
                    case CORDONED -> NodeState.CORDONED;
                };
            };
            return new NodeView(spec, state, admin, lastHeartbeat, seenAt, problems);
        }
    }
}
