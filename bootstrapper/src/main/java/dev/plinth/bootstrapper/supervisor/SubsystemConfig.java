package dev.plinth.bootstrapper.supervisor;

import com.mongodb.ConnectionString;
import dev.plinth.bootstrapper.infra.InfrastructureEndpoints;
import dev.plinth.bootstrapper.infra.kafka.KafkaUsers;
import dev.plinth.kit.kafka.KafkaCredentials;

import dev.plinth.contracts.inventory.NodeSpec;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the configuration of each subsystem and agent context from where the infrastructure is.
 * The same keys configure {@code plinth service NAME} in its own process.
 */
public final class SubsystemConfig {

    /** Every subsystem, in start order (the gateway last, once the others listen). */
    public static final List<String> SUBSYSTEMS = List.of(
            "app-controller", "deployer", "node-manager", "sensor-manager", "monitor", "logger", "api-gateway");

    /** The subsystem that answers the world. */
    public static final String GATEWAY = "api-gateway";

    private final InfrastructureEndpoints infra;
    private final String jwtSecret;
    private final Path dataDir;
    private final Path inventoryFile;

    public SubsystemConfig(InfrastructureEndpoints infra, String jwtSecret, Path dataDir, Path inventoryFile) {
        this.infra = infra;
        this.jwtSecret = jwtSecret;
        this.dataDir = dataDir.toAbsolutePath();
        this.inventoryFile = inventoryFile.toAbsolutePath();
    }

    /** @return the Micronaut environments of a subsystem context */
    public static String[] environments(String subsystem) {
        return new String[]{"plinth", subsystem};
    }

    /**
     * @param subsystem   the subsystem
     * @param host        the address it listens on
     * @param port        its HTTP port
     * @param routes      every subsystem's URL, for the gateway
     * @param gatewayUrl  the gateway's URL, for links and artifact downloads
     * @return its configuration
     */
    public Map<String, Object> subsystem(String subsystem, String host, int port, Map<String, URI> routes, URI gatewayUrl) {
        Map<String, Object> p = common("plinth-" + subsystem, KafkaUsers.subsystem(subsystem));
        p.put("plinth.subsystem.name", subsystem);
        p.put("plinth.subsystem.url", "http://127.0.0.1:" + port);
        p.put("plinth.subsystems." + subsystem + ".enabled", "true");
        p.put("plinth.gateway.url", gatewayUrl.toString());
        p.put("micronaut.server.host", host);
        p.put("micronaut.server.port", port);
        p.put("plinth.mongodb.uri", withDatabase(infra.mongoUri(), infra.mongoDatabase()));
        p.put("plinth.mongodb.database", infra.mongoDatabase());
        switch (subsystem) {
            case "api-gateway" -> {
                routes.forEach((name, url) -> {
                    if (!name.equals(GATEWAY)) {
                        p.put("plinth.gateway.routes." + name, url.toString());
                    }
                });
                p.put("plinth.ldap.url", infra.ldapUrl());
                p.put("plinth.ldap.manager-dn", infra.ldapManagerDn());
                p.put("plinth.ldap.manager-password", infra.ldapManagerPassword());
                p.put("plinth.ldap.base-dn", infra.ldapLayout().baseDn());
                p.put("plinth.ldap.people-dn", infra.ldapLayout().peopleDn());
                p.put("plinth.ldap.groups-dn", infra.ldapLayout().groupsDn());
                p.put("plinth.ldap.admins-group", infra.ldapLayout().adminsCn());
                p.put("plinth.ldap.developers-group", infra.ldapLayout().developersCn());
                p.put("plinth.ldap.disabled-group", infra.ldapLayout().disabledCn());
            }
            case "app-controller" -> {
                if (infra.azureConnectionString().isPresent()) {
                    p.put("plinth.artifacts.azure.connection-string", infra.azureConnectionString().get());
                    p.put("plinth.artifacts.azure.container", infra.azureContainer());
                } else {
                    p.put("plinth.artifacts.directory", infra.artifactsDirectory().toString());
                }
            }
            case "node-manager" -> p.put("plinth.nodes.inventory-file", inventoryFile.toString());
            case "sensor-manager" -> p.put("plinth.mqtt.url", infra.mqttUrl());
            default -> {
            }
        }
        return p;
    }

    /**
     * @param node       the inventory node the agent runs: its name, runtime and docker settings
     * @param gatewayUrl where the agent fetches artifacts
     * @return the agent's configuration
     */
    public Map<String, Object> agent(NodeSpec node, URI gatewayUrl) {
        Map<String, Object> p = agent(node.name(), node.runtime(), gatewayUrl);
        if ("docker".equals(node.runtime())) {
            p.put("plinth.agent.docker.host", node.docker().host());
            p.put("plinth.agent.docker.network", node.docker().network());
            p.put("plinth.agent.docker.pull", node.docker().pull());
        }
        return p;
    }

    /**
     * @param node       the inventory node the agent runs
     * @param runtime    the node's runtime, as {@code process}
     * @param gatewayUrl where the agent fetches artifacts
     * @return the agent's configuration
     */
    public Map<String, Object> agent(String node, String runtime, URI gatewayUrl) {
        Map<String, Object> p = common("plinth-agent-" + node, KafkaUsers.AGENT);
        p.put("plinth.agent.enabled", "true");
        p.put("plinth.agent.node", node);
        p.put("plinth.agent.runtime", runtime);
        p.put("plinth.agent.inventory-file", inventoryFile.toString());
        p.put("plinth.agent.work-dir", dataDir.resolve("agents").resolve(node).toString());
        p.put("plinth.gateway.url", gatewayUrl.toString());
        if (infra.mqttUrl() != null && !infra.mqttUrl().isBlank()) {
            // Instances get it as PLINTH_MQTT_URL.
            p.put("plinth.agent.mqtt-url", infra.mqttUrl());
        }
        return p;
    }

    /** @return the Micronaut environments of an agent context */
    public static String[] agentEnvironments() {
        return new String[]{"plinth-agent"};
    }

    private Map<String, Object> common(String applicationName, String kafkaUser) {
        Map<String, Object> p = new HashMap<>();
        p.put("micronaut.application.name", applicationName);
        p.put("plinth.kafka.bootstrap-servers", infra.kafkaBootstrap());
        // Every micronaut-kafka client of the context signs in with these (and raw clients read them back).
        KafkaCredentials kafka = infra.kafkaLogins().of(kafkaUser);
        kafka.clientProperties().forEach((key, value) -> p.put("kafka." + key, value));
        p.put("plinth.security.jwt-secret", jwtSecret);
        p.put("plinth.data-dir", dataDir.toString());
        return p;
    }

    /** Puts the database name into a connection string that has none. */
    static String withDatabase(String uri, String database) {
        ConnectionString parsed = new ConnectionString(uri);
        if (parsed.getDatabase() != null) {
            return uri;
        }
        int query = uri.indexOf('?');
        String head = query < 0 ? uri : uri.substring(0, query);
        String tail = query < 0 ? "" : uri.substring(query);
        int hostsStart = head.indexOf("://") + 3;
        int slash = head.indexOf('/', hostsStart);
        String hosts = slash < 0 ? head : head.substring(0, slash);
        return hosts + "/" + database + tail;
    }
}
