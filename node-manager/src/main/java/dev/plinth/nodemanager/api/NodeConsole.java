package dev.plinth.nodemanager.api;

import dev.plinth.contracts.events.NodeHeartbeat;
import dev.plinth.contracts.inventory.NodeSpec;
import dev.plinth.kit.errors.ApiException;
import dev.plinth.nodemanager.instances.InstanceRecord;
import dev.plinth.nodemanager.instances.InstanceStore;
import dev.plinth.nodemanager.registry.AdminState;
import dev.plinth.nodemanager.registry.NodeRegistry;
import dev.plinth.nodemanager.registry.NodeSync;
import dev.plinth.nodemanager.registry.NodeView;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the node console shows and does: the registry's view of each node with the instances bound
 * to it, and the admin's decisions. Cordon keeps a node's instances and takes no new ones; drain also
 * asks for its instances to be moved (the deployer reads {@code nodes.state}); uncordon opens it again.
 */
@Singleton
public class NodeConsole {

    private final NodeRegistry registry;
    private final NodeSync sync;
    private final InstanceStore instances;

    public NodeConsole(NodeRegistry registry, NodeSync sync, InstanceStore instances) {
        this.registry = registry;
        this.sync = sync;
        this.instances = instances;
    }

    /** @return every node, by name */
    public List<NodeDetails> nodes() {
        Map<String, List<InstanceRecord>> byNode = new HashMap<>();
        for (InstanceRecord instance : instances.bound(null)) {
            byNode.computeIfAbsent(instance.node(), n -> new ArrayList<>()).add(instance);
        }
        return registry.nodes().stream().map(v -> details(v, byNode.getOrDefault(v.name(), List.of()))).toList();
    }

    /** @return one node; 404 when the inventory has none by that name */
    public NodeDetails node(String name) {
        NodeView view = registry.node(name).orElseThrow(() -> ApiException.notFound("node '" + name + "'"));
        return details(view, instances.bound(name));
    }

    /** Takes no new instances on the node, keeping what it runs; 409 when it is cordoned or draining already. */
    public NodeDetails cordon(String name) {
        return change(name, AdminState.CORDONED, current -> switch (current) {
            case CORDONED -> "node '" + name + "' is already cordoned";
            case DRAINING -> "node '" + name + "' is draining; uncordon it first if it should keep its instances";
            case ACTIVE -> null;
        });
    }

    /** Moves the node's instances off and takes no new ones; 409 when it is draining already. */
    public NodeDetails drain(String name) {
        return change(name, AdminState.DRAINING, current -> current == AdminState.DRAINING
                ? "node '" + name + "' is already draining" : null);
    }

    /** Opens the node for new instances again; 409 when it is neither cordoned nor draining. */
    public NodeDetails uncordon(String name) {
        return change(name, AdminState.ACTIVE, current -> current == AdminState.ACTIVE
                ? "node '" + name + "' is neither cordoned nor draining" : null);
    }

    private NodeDetails change(String name, AdminState target, java.util.function.Function<AdminState, String> conflict) {
        NodeView view = registry.node(name).orElseThrow(() -> ApiException.notFound("node '" + name + "'"));
        String problem = conflict.apply(view.adminState());
        if (problem != null) {
            throw ApiException.conflict(problem);
        }
        sync.setAdminState(name, target);
        return node(name);
    }

    private static NodeDetails details(NodeView view, List<InstanceRecord> bound) {
        NodeSpec spec = view.spec();
        NodeHeartbeat heartbeat = view.lastHeartbeat();
        long reservedCpuMilli = 0;
        long reservedMemory = 0;
        for (InstanceRecord instance : bound) {
            if (!instance.ended()) {
                reservedCpuMilli += Math.round(instance.spec().cpu() * 1000);
                reservedMemory += instance.spec().memoryMb();
            }
        }
        List<InstanceSummary> shown = bound.stream().sorted(Comparator.comparing(InstanceRecord::app)
                .thenComparing(InstanceRecord::id)).map(InstanceSummary::of).toList();
        return new NodeDetails(spec.name(), spec.kind().name().toLowerCase(), spec.address(), spec.runtime(),
                view.state().name(), view.adminState().name(),
                new NodeDetails.Amount(spec.capacity().cpu(), spec.capacity().memoryMb()),
                heartbeat == null ? new NodeDetails.Amount(0, 0)
                        : new NodeDetails.Amount(heartbeat.cpuUsed(), heartbeat.memoryUsedMb()),
                new NodeDetails.Amount(reservedCpuMilli / 1000.0, reservedMemory),
                spec.labels(), new NodeDetails.Ports(spec.ports().from(), spec.ports().to()),
                view.seenAt(), heartbeat == null ? null : heartbeat.agentId(), shown,
                view.unconfined() ? "none" : "required", view.isolationProblems());
    }
}
