package dev.plinth.nodemanager.assignment;

import dev.plinth.kit.control.Lease;
import dev.plinth.nodemanager.instances.InstanceRecord;
import dev.plinth.nodemanager.instances.InstanceStore;
import dev.plinth.nodemanager.placement.Binding;
import dev.plinth.nodemanager.placement.PlacementPlan;
import dev.plinth.nodemanager.placement.PlacementPlanner;
import dev.plinth.nodemanager.placement.Unplaced;
import dev.plinth.nodemanager.registry.NodeView;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One placement pass assigns instances to nodes: plan where the unbound instances go, then write each
 * assignment (the planner's {@link Binding}) only if the instance is still unbound and wanted
 * ({@code node: null, desired: RUN}), and each unplaced reason only when it changed. Every write is
 * fenced with the {@code node-manager} lease.
 *
 * <p>It remembers the port it last gave out on each node, so the next instance there gets the next
 * free port after it rather than one just freed: a route the gateway still holds to an ended instance
 * must not reach another app's new instance on a node that runs instances unconfined (on the host's
 * ports). The memory is this process's; a new lease holder starts at each node's lowest free port.</p>
 */
@Singleton
public class Assigner {

    private static final Logger LOG = LoggerFactory.getLogger(Assigner.class);

    private final InstanceStore store;
    private final PlacementPlanner planner = new PlacementPlanner();
    private final Clock clock;
    private final Map<String, Integer> lastPorts = new ConcurrentHashMap<>();

    public Assigner(InstanceStore store) {
        this(store, Clock.systemUTC());
    }

    Assigner(InstanceStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * @param nodes    the registry's nodes
     * @param notEnded the instances that have not ended, as read just now
     * @param lease    the {@code node-manager} lease this process holds
     * @return how many instances this pass assigned to a node
     * @throws Lease.LostLease when a newer holder of the lease wrote an instance, or this process's term is up
     */
    public int assign(List<NodeView> nodes, List<InstanceRecord> notEnded, Lease lease) {
        PlacementInputs inputs = PlacementInputs.of(nodes, notEnded, lastPorts);
        if (inputs.pending().isEmpty()) {
            return 0;
        }
        PlacementPlan plan = planner.plan(inputs.pending(), inputs.snapshot());
        int assigned = 0;
        for (Binding binding : plan.bindings()) {
            lastPorts.put(binding.node(), binding.port());
            if (store.bind(binding, clock.instant(), lease)) {
                assigned++;
                LOG.info("instance {} placed on {} port {}", binding.instanceId(), binding.node(), binding.port());
            } else {
                LOG.debug("instance {} changed while being placed; the next pass sees it anew", binding.instanceId());
            }
        }
        Map<String, InstanceRecord> byId = notEnded.stream()
                .collect(Collectors.toMap(InstanceRecord::id, Function.identity(), (a, b) -> a));
        for (Unplaced unplaced : plan.unplaced()) {
            InstanceRecord instance = byId.get(unplaced.instanceId());
            if (instance != null && !Objects.equals(instance.unplacedReason(), unplaced.reason())) {
                LOG.info("instance {} cannot be placed: {}", unplaced.instanceId(), unplaced.reason());
                store.markUnplaced(unplaced.instanceId(), unplaced.reason(), lease);
            }
        }
        return assigned;
    }
}
