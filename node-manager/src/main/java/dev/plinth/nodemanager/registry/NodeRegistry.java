package dev.plinth.nodemanager.registry;

import dev.plinth.contracts.events.NodeHeartbeat;
import dev.plinth.contracts.inventory.InventoryLoader;
import dev.plinth.contracts.inventory.NodeInventory;
import dev.plinth.contracts.inventory.NodeSpec;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The nodes of the inventory and their state, as their agents' heartbeats show it. A node whose
 * heartbeats stop for {@code plinth.nodes.lost-after} is lost; it is ready again at its next heartbeat.
 */
@Singleton
public class NodeRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(NodeRegistry.class);

    private final Map<String, NodeView> nodes = new ConcurrentHashMap<>();
    private final Duration lostAfter;
    private final Clock clock;

    public NodeRegistry(RegistrySettings settings) {
        this(new InventoryLoader().load(settings.inventoryFile()), settings.lostAfter(), Clock.systemUTC());
    }

    NodeRegistry(NodeInventory inventory, Duration lostAfter, Clock clock) {
        this.lostAfter = lostAfter;
        this.clock = clock;
        for (NodeSpec spec : inventory.nodes()) {
            nodes.put(spec.name(), new NodeView(spec, NodeState.UNKNOWN, null, null));
        }
    }

    /** Records a heartbeat; heartbeats from nodes outside the inventory are ignored with a warning. */
    public void heartbeat(NodeHeartbeat heartbeat) {
        NodeView updated = nodes.computeIfPresent(heartbeat.nodeId(), (id, view) -> {
            NodeState state = switch (view.state()) {
                case DRAINING, CORDONED -> view.state();
                default -> NodeState.READY;
            };
            if (view.state() == NodeState.LOST || view.state() == NodeState.UNKNOWN) {
                LOG.info("node {} is {} (agent {})", id, state.name().toLowerCase(), heartbeat.agentId());
            }
            return new NodeView(view.spec(), state, heartbeat, clock.instant());
        });
        if (updated == null) {
            LOG.warn("heartbeat from node '{}', which is not in the inventory; ignored", heartbeat.nodeId());
        }
    }

    /** Marks nodes lost whose heartbeats stopped. */
    public void expire() {
        Instant now = clock.instant();
        nodes.replaceAll((id, view) -> {
            boolean silent = view.seenAt() != null && Duration.between(view.seenAt(), now).compareTo(lostAfter) > 0;
            if (silent && view.state() != NodeState.LOST) {
                LOG.warn("node {} is lost: no heartbeat for {} s", id, Duration.between(view.seenAt(), now).toSeconds());
                return new NodeView(view.spec(), NodeState.LOST, view.lastHeartbeat(), view.seenAt());
            }
            return view;
        });
    }

    /** @return every node, by name */
    public List<NodeView> nodes() {
        return nodes.values().stream().sorted(Comparator.comparing(v -> v.spec().name())).toList();
    }
}
