package dev.plinth.agent;

import dev.plinth.contracts.inventory.InventoryLoader;
import dev.plinth.contracts.inventory.NodeSpec;
import jakarta.inject.Singleton;

import java.util.UUID;

/** The node this agent runs, from the inventory, and this run's id. */
@Singleton
public class AgentNode {

    private final NodeSpec spec;
    private final String agentId = UUID.randomUUID().toString();

    public AgentNode(AgentSettings settings) {
        if (settings.node() == null || settings.node().isBlank()) {
            throw new IllegalStateException("plinth.agent.node is not set: say which inventory node this agent runs");
        }
        this.spec = new InventoryLoader().load(settings.inventoryFile()).node(settings.node())
                .orElseThrow(() -> new IllegalStateException("node '" + settings.node() + "' is not in the inventory "
                        + settings.inventoryFile()));
    }

    /** @return the node's inventory entry */
    public NodeSpec spec() {
        return spec;
    }

    /** @return this run of the agent */
    public String agentId() {
        return agentId;
    }
}
