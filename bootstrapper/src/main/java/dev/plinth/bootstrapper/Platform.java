package dev.plinth.bootstrapper;

import dev.plinth.bootstrapper.demo.SpeedAlertDemo;
import dev.plinth.bootstrapper.infra.EmbeddedMqtt;
import dev.plinth.bootstrapper.infra.Infrastructure;
import dev.plinth.bootstrapper.infra.InfrastructureEndpoints;
import dev.plinth.bootstrapper.infra.Ports;
import dev.plinth.bootstrapper.infra.TopicProvisioner;
import dev.plinth.bootstrapper.infra.kafka.KafkaUsers;
import dev.plinth.bootstrapper.infra.mqtt.BrokerSecurity;
import dev.plinth.bootstrapper.secrets.PlatformSecrets;
import dev.plinth.bootstrapper.supervisor.SelfHealing;
import dev.plinth.bootstrapper.supervisor.SubsystemConfig;
import dev.plinth.bootstrapper.supervisor.SubsystemHost;
import dev.plinth.bootstrapper.supervisor.Supervisor;
import dev.plinth.contracts.inventory.InventoryLoader;
import dev.plinth.contracts.inventory.NodeInventory;
import dev.plinth.contracts.inventory.NodeSpec;
import dev.plinth.kit.logging.LogShipping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The whole platform in one JVM, as {@code plinth up} runs it: embedded infrastructure (unless
 * configured externally), Kafka topics, every subsystem in its own context, and one node agent
 * per local node of the inventory; then, unless switched off, the speed-alert demo. {@link #close()}
 * stops it all: the demo first, then agents, subsystems and the infrastructure.
 */
public final class Platform implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Platform.class);

    /** The file in the data directory that tells {@code plinth status} where the running platform is. */
    public static final String RUN_FILE = "run.properties";

    private final PlatformSettings settings;
    private final PlatformSecrets secrets;
    private final NodeInventory inventory;
    private final Path inventoryFile;
    private final Supervisor supervisor = new Supervisor();
    private Infrastructure infrastructure;
    private SelfHealing selfHealing;
    private BrokerSecurity brokerSecurity;
    private volatile SpeedAlertDemo demo;
    private URI gatewayUrl;
    private Duration startTime;

    private Platform(PlatformSettings settings, PlatformSecrets secrets, NodeInventory inventory, Path inventoryFile) {
        this.settings = settings;
        this.secrets = secrets;
        this.inventory = inventory;
        this.inventoryFile = inventoryFile;
    }

    /**
     * Starts the platform and returns once every subsystem and agent runs.
     *
     * @param settings the settings
     * @return the running platform
     * @throws dev.plinth.contracts.validation.InvalidDocumentException when the inventory is invalid
     * @throws Exception when a part cannot start; everything started is stopped again
     */
    public static Platform start(PlatformSettings settings) throws Exception {
        long begin = System.nanoTime();
        Path dataDir = settings.dataDir().toAbsolutePath();
        Files.createDirectories(dataDir);
        Path inventoryFile = resolveInventory(settings, dataDir);
        NodeInventory inventory = new InventoryLoader().load(inventoryFile);
        PlatformSecrets secrets = PlatformSecrets.loadOrCreate(dataDir);
        Platform platform = new Platform(settings.withDataDir(dataDir), secrets, inventory, inventoryFile);
        try {
            platform.startParts();
        } catch (Exception | Error e) {
            platform.close();
            throw e;
        }
        platform.startTime = Duration.ofNanos(System.nanoTime() - begin);
        LOG.info("Plinth is up in {} ms at {}", platform.startTime.toMillis(), platform.gatewayUrl);
        return platform;
    }

    /** The inventory given, else the default one written into the data directory on first start. */
    private static Path resolveInventory(PlatformSettings settings, Path dataDir) throws IOException {
        if (settings.inventoryFile() != null) {
            return settings.inventoryFile().toAbsolutePath();
        }
        Path file = dataDir.resolve("plinth-nodes.yaml");
        if (!Files.exists(file)) {
            try (InputStream in = Platform.class.getResourceAsStream("/plinth-nodes.yaml")) {
                if (in == null) {
                    throw new IllegalStateException("the default inventory is missing from the plinth jar");
                }
                Files.copy(in, file);
            }
            LOG.info("wrote the default node inventory to {}", file);
        }
        return file;
    }

    private void startParts() throws Exception {
        if (!Ports.available(settings.bindHost(), settings.gatewayPort())) {
            throw new IllegalStateException("port " + settings.gatewayPort() + " on " + settings.bindHost()
                    + " is in use: stop what uses it, or start with --port N (or PLINTH_PORT)");
        }
        String jwtSecret = settings.jwtSecret().orElse(secrets.jwtSecret());
        // The embedded broker checks devices, apps and services itself; an external one has its own ACL.
        brokerSecurity = settings.mqttUrl().isPresent() ? null : new BrokerSecurity(jwtSecret);
        infrastructure = Infrastructure.start(settings, secrets, brokerSecurity);
        InfrastructureEndpoints endpoints = infrastructure.endpoints();
        if (brokerSecurity != null) {
            brokerSecurity.connectDevices(endpoints.mongoUri(), endpoints.mongoDatabase());
        }
        TopicProvisioner.ensureTopics(endpoints.kafkaBootstrap(), endpoints.kafkaLogins().of(KafkaUsers.ADMIN), (short) 1,
                Duration.ofSeconds(60));
        LogShipping.start(endpoints.kafkaBootstrap(), endpoints.kafkaLogins().of(KafkaUsers.BOOTSTRAPPER));

        gatewayUrl = URI.create("http://127.0.0.1:" + settings.gatewayPort());
        SubsystemConfig config = new SubsystemConfig(endpoints, jwtSecret, settings.dataDir(), inventoryFile);
        Map<String, URI> routes = new LinkedHashMap<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        // The gateway binds its configured port last: no other subsystem may be given it meanwhile.
        dev.plinth.kit.net.FreePorts.reserve(settings.gatewayPort());
        for (String name : SubsystemConfig.SUBSYSTEMS) {
            int port = name.equals(SubsystemConfig.GATEWAY) ? settings.gatewayPort() : Ports.free();
            ports.put(name, port);
            routes.put(name, URI.create("http://127.0.0.1:" + port));
        }
        List<SubsystemHost> subsystems = new ArrayList<>();
        for (String name : SubsystemConfig.SUBSYSTEMS) {
            if (name.equals(SubsystemConfig.GATEWAY)) {
                continue;
            }
            Map<String, Object> properties = config.subsystem(name, "127.0.0.1", ports.get(name), routes, gatewayUrl);
            if (name.equals("sensor-manager")) {
                // One sensor-manager: plain subscriptions, which HiveMQ CE serves several times faster than shared ones.
                properties.put("plinth.mqtt.shared-group", "");
            }
            subsystems.add(new SubsystemHost(name, SubsystemConfig.environments(name), properties, true, ports.get(name)));
        }
        supervisor.startAll(subsystems);
        supervisor.startAll(List.of(new SubsystemHost(SubsystemConfig.GATEWAY, SubsystemConfig.environments(SubsystemConfig.GATEWAY),
                config.subsystem(SubsystemConfig.GATEWAY, settings.bindHost(), settings.gatewayPort(), routes, gatewayUrl),
                true, settings.gatewayPort())));

        List<SubsystemHost> agents = new ArrayList<>();
        for (NodeSpec node : inventory.localNodes()) {
            agents.add(new SubsystemHost("agent-" + node.name(), SubsystemConfig.agentEnvironments(),
                    config.agent(node, gatewayUrl), false, 0));
        }
        supervisor.startAll(agents);
        selfHealing = new SelfHealing(supervisor, endpoints.kafkaBootstrap(), endpoints.kafkaLogins().of(KafkaUsers.BOOTSTRAPPER),
                SelfHealing.Settings.DEFAULT);
        selfHealing.start();
        writeRunFile();
        if (settings.demo()) {
            startDemo(endpoints);
        }
    }

    /** The demo sets itself up in the background; nothing it does may stop the platform. */
    private void startDemo(InfrastructureEndpoints endpoints) {
        if (settings.ldap().isPresent()) {
            LOG.info("the demo is not started: it signs in as the embedded directory's admin, and the directory is external"
                    + " (LDAP_URL); PLINTH_DEMO=false silences this line");
            return;
        }
        try {
            demo = SpeedAlertDemo.start(gatewayUrl, URI.create(endpoints.mqttUrl()), secrets.adminPassword(), settings.dataDir());
        } catch (RuntimeException e) {
            LOG.error("the demo could not start; the platform runs on without it", e);
        }
    }

    private void writeRunFile() throws IOException {
        Properties run = new Properties();
        run.setProperty("url", gatewayUrl.toString());
        run.setProperty("pid", String.valueOf(ProcessHandle.current().pid()));
        try (Writer out = Files.newBufferedWriter(settings.dataDir().resolve(RUN_FILE), StandardCharsets.UTF_8)) {
            run.store(out, "The running platform, for plinth status");
        }
    }

    /** @return the gateway's URL on this machine */
    public URI gatewayUrl() {
        return gatewayUrl;
    }

    /** @return the platform's secrets */
    public PlatformSecrets secrets() {
        return secrets;
    }

    /** @return where the infrastructure is */
    public InfrastructureEndpoints endpoints() {
        return infrastructure.endpoints();
    }

    /** @return the running demo, or null when it is switched off or could not start */
    public SpeedAlertDemo demo() {
        return demo;
    }

    /** @return the embedded MQTT broker (to stop and start it, as an outage would), or null when an external one is used */
    public EmbeddedMqtt embeddedMqtt() {
        return infrastructure == null ? null : infrastructure.embeddedMqtt();
    }

    /** @return what restarts failed subsystems and agents, or null before the start finished */
    public SelfHealing selfHealing() {
        return selfHealing;
    }

    /** @return the subsystems and agents */
    public Supervisor supervisor() {
        return supervisor;
    }

    /** @return the inventory in use */
    public NodeInventory inventory() {
        return inventory;
    }

    /** @return the data directory */
    public Path dataDir() {
        return settings.dataDir();
    }

    /** @return the settings it runs with */
    public PlatformSettings settings() {
        return settings;
    }

    /** @return how long the start took */
    public Duration startTime() {
        return startTime;
    }

    /** Stops the demo, then agents (and their instances), then subsystems, then log shipping, then the embedded servers. */
    @Override
    public void close() {
        if (demo != null) {
            try {
                demo.close();
            } catch (RuntimeException e) {
                LOG.warn("the demo did not stop cleanly: {}", e.getMessage());
            }
        }
        if (selfHealing != null) {
            selfHealing.close();
        }
        supervisor.close();
        // Before Kafka stops, or the shipper's producer would retry against a closed broker.
        LogShipping.stop();
        if (infrastructure != null) {
            infrastructure.close();
        }
        if (brokerSecurity != null) {
            brokerSecurity.close();
        }
        try {
            Files.deleteIfExists(settings.dataDir().resolve(RUN_FILE));
        } catch (IOException e) {
            LOG.debug("cannot remove {}: {}", RUN_FILE, e.getMessage());
        }
    }
}
