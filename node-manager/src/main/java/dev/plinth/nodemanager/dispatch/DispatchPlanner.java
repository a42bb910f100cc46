package dev.plinth.nodemanager.dispatch;

import dev.plinth.nodemanager.instances.InstanceRecord;
import dev.plinth.nodemanager.registry.NodeView;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which commands to send, as a pure function of the nodes, the instances and when commands
 * were last sent. Rules, for nodes whose agent heartbeats (commands never go to lost or unknown nodes):
 * <ol>
 *   <li>START a bound instance that should run and has no report yet, when no start was sent or the
 *   last one got no report within {@code resendAfter}.</li>
 *   <li>STOP a bound instance that should not run and has not ended, unless it was never sent a
 *   start; re-sent every {@code resendAfter} until its agent reports it ended.</li>
 *   <li>STOP any instance a node's heartbeat lists that the platform does not know, does not want,
 *   or has bound to another node, so a node that comes back runs nothing extra.</li>
 * </ol>
 * And wherever it is bound, an instance that should not run and was never sent a start is ended in
 * the records directly. Decisions come out in a stable order (node, then instance).
 */
public final class DispatchPlanner {

    private DispatchPlanner() {
    }

    /**
     * @param now         the time
     * @param nodes       the registry's nodes with their last heartbeats
     * @param instances   the instances that have not ended, and those heartbeats name, by id
     * @param stopsSentAt when a STOP last went to {@code node/instanceId}
     * @param resendAfter how long a command may go unanswered before it is sent again
     * @return what to do
     */
    public static List<Decision> decide(Instant now, List<NodeView> nodes, Map<String, InstanceRecord> instances,
                                        Map<String, Instant> stopsSentAt, Duration resendAfter) {
        List<Decision> decisions = new ArrayList<>();
        Set<String> stopping = new HashSet<>();
        List<NodeView> live = nodes.stream().filter(NodeView::live).sorted(Comparator.comparing(NodeView::name)).toList();
        Set<String> liveNames = new HashSet<>();
        live.forEach(n -> liveNames.add(n.name()));

        List<InstanceRecord> sorted = instances.values().stream().sorted(Comparator.comparing(InstanceRecord::id)).toList();
        for (InstanceRecord instance : sorted) {
            if (!instance.wantsToRun() && instance.pending() && instance.startCommandAt() == null && !instance.ended()) {
                decisions.add(new Decision.EndNeverStarted(instance.id()));
                continue;
            }
            if (!instance.bound() || !liveNames.contains(instance.node()) || instance.ended()) {
                continue;
            }
            if (instance.wantsToRun()) {
                if (instance.pending() && due(instance.startCommandAt(), now, resendAfter)) {
                    decisions.add(new Decision.Start(instance));
                }
            } else if (due(stopsSentAt.get(key(instance.node(), instance.id())), now, resendAfter)) {
                stopping.add(key(instance.node(), instance.id()));
                decisions.add(new Decision.Stop(instance.node(), instance.id(), instance.generation(),
                        instance.stopReason() == null ? "not wanted any more" : instance.stopReason()));
            }
        }

        for (NodeView node : live) {
            if (node.lastHeartbeat() == null) {
                continue;
            }
            for (String id : node.lastHeartbeat().instances().stream().sorted().toList()) {
                String key = key(node.name(), id);
                if (stopping.contains(key)) {
                    continue;
                }
                InstanceRecord instance = instances.get(id);
                String reason;
                if (instance == null) {
                    reason = "unknown to the platform";
                } else if (!node.name().equals(instance.node())) {
                    reason = instance.node() == null ? "not placed on this node" : "placed on " + instance.node();
                } else if (!instance.wantsToRun()) {
                    reason = instance.stopReason() == null ? "not wanted any more" : instance.stopReason();
                } else {
                    continue;
                }
                if (due(stopsSentAt.get(key), now, resendAfter)) {
                    stopping.add(key);
                    decisions.add(new Decision.Stop(node.name(), id, instance == null ? 0 : instance.generation(), reason));
                }
            }
        }
        return decisions;
    }

    /** @return the key of {@code stopsSentAt} */
    public static String key(String node, String instanceId) {
        return node + "/" + instanceId;
    }

    private static boolean due(Instant lastSent, Instant now, Duration resendAfter) {
        return lastSent == null || !lastSent.plus(resendAfter).isAfter(now);
    }
}
