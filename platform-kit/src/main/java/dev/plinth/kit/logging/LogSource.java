package dev.plinth.kit.logging;

import dev.plinth.contracts.events.LogRecord.SourceKind;

import java.util.List;
import java.util.Map;

/**
 * Who wrote a log line, judged by the logger's package: every subsystem lives under its own
 * {@code dev.plinth.*} package, so in {@code plinth up}, where all subsystems share one JVM and one
 * root logger, the package tells them apart.
 *
 * @param kind   SUBSYSTEM or AGENT
 * @param name   the subsystem, the agent's node (or {@code agent} when the node is unknown), or
 *               {@code platform} for libraries and shared code
 * @param nodeId the node of an agent's line, else null
 */
public record LogSource(SourceKind kind, String name, String nodeId) {

    /** The MDC key an agent's threads set to their node's name. */
    public static final String NODE_MDC_KEY = "plinth.node";

    /** The name of lines from libraries and code shared by every subsystem. */
    public static final String PLATFORM = "platform";

    private static final List<Map.Entry<String, String>> SUBSYSTEM_PACKAGES = List.of(
            Map.entry("dev.plinth.appcontroller", "app-controller"),
            Map.entry("dev.plinth.deployer", "deployer"),
            Map.entry("dev.plinth.nodemanager", "node-manager"),
            Map.entry("dev.plinth.sensormanager", "sensor-manager"),
            Map.entry("dev.plinth.monitor", "monitor"),
            Map.entry("dev.plinth.logger", "logger"),
            Map.entry("dev.plinth.gateway", "api-gateway"),
            Map.entry("dev.plinth.bootstrapper", "bootstrapper"));

    private static final List<String> AGENT_PACKAGES = List.of("dev.plinth.agent");

    /**
     * @param loggerName the logger's name, usually a class name
     * @param mdc        the event's mapped diagnostic context (may be null)
     * @return who wrote the line
     */
    public static LogSource of(String loggerName, Map<String, String> mdc) {
        String name = loggerName == null ? "" : loggerName;
        for (String agentPackage : AGENT_PACKAGES) {
            if (within(name, agentPackage)) {
                String node = mdc == null ? null : mdc.get(NODE_MDC_KEY);
                boolean known = node != null && !node.isBlank();
                return new LogSource(SourceKind.AGENT, known ? node : "agent", known ? node : null);
            }
        }
        for (Map.Entry<String, String> subsystem : SUBSYSTEM_PACKAGES) {
            if (within(name, subsystem.getKey())) {
                return new LogSource(SourceKind.SUBSYSTEM, subsystem.getValue(), null);
            }
        }
        return new LogSource(SourceKind.SUBSYSTEM, PLATFORM, null);
    }

    /** Whether a logger name is the package itself or lies beneath it (not merely shares a prefix). */
    private static boolean within(String loggerName, String packageName) {
        return loggerName.equals(packageName) || loggerName.startsWith(packageName + ".");
    }
}
