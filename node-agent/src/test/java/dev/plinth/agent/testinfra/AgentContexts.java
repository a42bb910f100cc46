package dev.plinth.agent.testinfra;

import dev.plinth.testkit.kafka.InProcessKafka;
import io.micronaut.context.ApplicationContext;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Starts agent contexts the way the bootstrapper configures them; node-manager's journeys use it too. */
public final class AgentContexts {

    /** The signing secret of the test platform. */
    public static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256-signing";

    private AgentContexts() {
    }

    /** @return a started agent context for one node */
    public static ApplicationContext agent(InProcessKafka kafka, String node, Path inventory, Path workDir, String gatewayUrl,
                                           Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>();
        p.put("micronaut.application.name", "plinth-agent-" + node);
        p.put("plinth.kafka.bootstrap-servers", kafka.bootstrapServers());
        p.put("plinth.security.jwt-secret", SECRET);
        p.put("plinth.agent.enabled", "true");
        p.put("plinth.agent.node", node);
        p.put("plinth.agent.runtime", "process");
        p.put("plinth.agent.inventory-file", inventory.toString());
        p.put("plinth.agent.work-dir", workDir.toString());
        p.put("plinth.gateway.url", gatewayUrl);
        p.putAll(extra);
        return ApplicationContext.builder()
                .environments("plinth-agent")
                .deduceEnvironment(false)
                .properties(p)
                .start();
    }

}
