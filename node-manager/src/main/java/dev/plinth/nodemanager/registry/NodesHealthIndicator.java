package dev.plinth.nodemanager.registry;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each node's state in the health report. The subsystem stays UP while nodes are lost (losing a
 * node is the monitor's alert, not node-manager's failure); the details show it.
 */
@Singleton
public class NodesHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final NodeRegistry registry;

    public NodesHealthIndicator(NodeRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        for (NodeView view : registry.nodes()) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("state", view.state().name());
            node.put("adminState", view.adminState().name());
            node.put("kind", view.spec().kind().name().toLowerCase());
            node.put("runtime", view.spec().runtime());
            node.put("isolation", view.unconfined() ? "none" : "required");
            if (!view.isolationProblems().isEmpty()) {
                node.put("isolationProblems", view.isolationProblems());
            }
            if (view.lastHeartbeat() != null) {
                node.put("instances", view.lastHeartbeat().instances().size());
                node.put("cpuUsed", view.lastHeartbeat().cpuUsed());
                node.put("memoryUsedMb", view.lastHeartbeat().memoryUsedMb());
                node.put("lastHeartbeat", String.valueOf(view.seenAt()));
            }
            details.put(view.spec().name(), node);
        }
        healthStatus = HealthStatus.UP;
        return details;
    }

    @Override
    protected String getName() {
        return "nodes";
    }
}
