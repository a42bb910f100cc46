package dev.plinth.nodemanager.testinfra;

import dev.plinth.agent.testinfra.AgentContexts;
import dev.plinth.kit.net.FreePorts;
import dev.plinth.testkit.kafka.InProcessKafka;
import dev.plinth.testkit.mongo.InProcessMongo;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.generator.TokenGenerator;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Starts node-manager contexts the way the bootstrapper configures them (agents: {@link AgentContexts}). */
public final class Contexts {

    /** The signing secret of the test platform. */
    public static final String SECRET = AgentContexts.SECRET;

    /** The database node-manager contexts and tests use. */
    public static final String DATABASE = "plinth";

    private Contexts() {
    }

    /**
     * @return a started node-manager context serving HTTP on a free port
     */
    public static ApplicationContext nodeManager(InProcessKafka kafka, InProcessMongo mongo, Path inventory, String gatewayUrl,
                                                 Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>();
        p.put("micronaut.application.name", "plinth-node-manager");
        p.put("plinth.subsystems.node-manager.enabled", "true");
        p.put("plinth.kafka.bootstrap-servers", kafka.bootstrapServers());
        p.put("plinth.security.jwt-secret", SECRET);
        p.put("plinth.mongodb.uri", mongo.uri(DATABASE));
        p.put("plinth.mongodb.database", DATABASE);
        p.put("plinth.nodes.inventory-file", inventory.toString());
        p.put("plinth.gateway.url", gatewayUrl);
        p.put("micronaut.server.port", FreePorts.next());
        p.putAll(extra);
        ApplicationContext ctx = ApplicationContext.builder()
                .environments("plinth", "node-manager")
                .deduceEnvironment(false)
                .properties(p)
                .start();
        ctx.getBean(EmbeddedServer.class).start();
        return ctx;
    }

    /** @return a bearer token for a user with these roles, signed as the gateway would */
    public static String token(ApplicationContext ctx, String user, String... roles) {
        @SuppressWarnings("unchecked")
        TokenGenerator generator = ctx.getBean(TokenGenerator.class);
        return generator.generateToken(Authentication.build(user, List.of(roles)), 600).orElseThrow();
    }
}
