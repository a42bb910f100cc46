package dev.plinth.nodemanager.agent;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.nio.file.Path;
import java.time.Duration;

/**
 * @param node              the node this agent runs, as named in the inventory
 * @param inventoryFile     the node inventory, for the node's capacity, runtime and ports
 * @param workDir           where instances are unpacked and run
 * @param heartbeatInterval how often the agent reports the node's load
 */
@ConfigurationProperties("plinth.agent")
public record AgentSettings(
        String node,
        @Bindable(defaultValue = "plinth-nodes.yaml") Path inventoryFile,
        @Bindable(defaultValue = "plinth-data/agents") Path workDir,
        @Bindable(defaultValue = "2s") Duration heartbeatInterval) {
}
