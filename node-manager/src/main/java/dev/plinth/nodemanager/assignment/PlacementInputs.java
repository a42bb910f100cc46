package dev.plinth.nodemanager.assignment;

import dev.plinth.nodemanager.instances.InstanceRecord;
import dev.plinth.nodemanager.placement.BoundInstance;
import dev.plinth.nodemanager.placement.ClusterSnapshot;
import dev.plinth.nodemanager.placement.NodeSnapshot;
import dev.plinth.nodemanager.placement.PendingInstance;
import dev.plinth.nodemanager.registry.NodeView;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one placement pass works on, built without I/O from the registry's nodes and the instances
 * that have not ended.
 *
 * <ul>
 *   <li>Pending: unbound instances that should run.</li>
 *   <li>Snapshot: every inventory node with its state, and on each the bound instances that have not
 *   ended (they hold cpu, memory and a port, whether they should run or are being stopped). Nodes
 *   that take nothing new (not ready, draining, cordoned, lost, unknown) stay in the snapshot: feasibility
 *   rules them out and the unplaced reason can then say why ("no node is ready: 2 lost, 1 cordoned"),
 *   naming what a not-ready node lacks.</li>
 * </ul>
 *
 * @param pending  the instances to place
 * @param snapshot the nodes and what they hold
 */
public record PlacementInputs(List<PendingInstance> pending, ClusterSnapshot snapshot) {

    /**
     * @param nodes     the registry's nodes
     * @param notEnded  instances that have not ended
     * @return the inputs of one pass
     */
    public static PlacementInputs of(List<NodeView> nodes, List<InstanceRecord> notEnded) {
        return of(nodes, notEnded, Map.of());
    }

    /**
     * @param nodes     the registry's nodes
     * @param notEnded  instances that have not ended
     * @param lastPorts by node, the port last given to an instance there (nodes without one start at their lowest)
     * @return the inputs of one pass
     */
    public static PlacementInputs of(List<NodeView> nodes, List<InstanceRecord> notEnded, Map<String, Integer> lastPorts) {
        Map<String, List<BoundInstance>> bound = new HashMap<>();
        List<PendingInstance> pending = new ArrayList<>();
        for (InstanceRecord instance : notEnded) {
            if (instance.ended()) {
                continue;
            }
            if (instance.bound()) {
                if (instance.port() != null) {
                    bound.computeIfAbsent(instance.node(), n -> new ArrayList<>()).add(new BoundInstance(instance.id(),
                            instance.app(), instance.spec().cpu(), instance.spec().memoryMb(), instance.port()));
                }
            } else if (instance.wantsToRun()) {
                pending.add(new PendingInstance(instance.id(), instance.app(),
                        instance.deploymentId() == null ? "" : instance.deploymentId(), instance.spec().cpu(),
                        instance.spec().memoryMb(), instance.spec().placementLabels(), instance.avoidNodes(),
                        instance.spec().runtimes()));
            }
        }
        List<NodeSnapshot> snapshots = nodes.stream()
                .map(view -> NodeSnapshot.of(view.spec(), view.state(), bound.getOrDefault(view.name(), List.of()),
                        view.isolationProblems(), view.lastHeartbeat() == null ? List.of() : view.lastHeartbeat().takenPorts(),
                        lastPorts.getOrDefault(view.name(), 0)))
                .toList();
        return new PlacementInputs(pending, new ClusterSnapshot(snapshots));
    }
}
