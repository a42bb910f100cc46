package dev.plinth.bootstrapper.infra;

import dev.plinth.bootstrapper.infra.kafka.KafkaAccess;
import dev.plinth.bootstrapper.infra.kafka.KafkaLogins;
import dev.plinth.bootstrapper.infra.kafka.KafkaUsers;
import dev.plinth.kit.kafka.KafkaCredentials;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Features;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one), inside this JVM,
 * listening on loopback only. Its log lives under the data directory and survives restarts.
 *
 * <p>Nobody gets in without signing in, and nobody but the platform's two super users may do what
 * its ACLs do not allow ({@code StandardAuthorizer}, {@code allow.everyone.if.no.acl.found=false}).
 * The client listener takes SCRAM-SHA-256 for the limited users of {@link KafkaUsers}, whose
 * credentials live in the metadata log, and SASL/PLAIN for the super users, whose passwords are in
 * this broker's configuration: so the admin can sign in on a data directory that has no SCRAM users
 * yet (one from before they existed), and then sets them and the ACLs ({@link KafkaAccess}) at
 * every start. The controller listener takes SASL/PLAIN for the broker alone (KRaft cannot check
 * SCRAM there: the credentials are in the log the controller serves).</p>
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final String PLAIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final String SCRAM_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";

    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private final Map<String, String> passwords;
    private KafkaRaftServer server;

    /**
     * @param logDir         where the broker keeps its log and metadata
     * @param port           the client port on 127.0.0.1
     * @param controllerPort the KRaft controller port on 127.0.0.1
     * @param passwords      the password of every user of {@link KafkaUsers}
     */
    public EmbeddedKafka(Path logDir, int port, int controllerPort, Map<String, String> passwords) {
        this.logDir = logDir;
        this.port = port;
        this.controllerPort = controllerPort;
        for (String user : KafkaUsers.allNames()) {
            if (passwords.get(user) == null || passwords.get(user).isEmpty()) {
                throw new IllegalArgumentException("the embedded Kafka broker needs a password for " + user);
            }
        }
        this.passwords = Map.copyOf(passwords);
    }

    /** @return how each user of {@link KafkaUsers} signs in to this broker */
    public KafkaLogins logins() {
        Map<String, KafkaCredentials> byUser = new LinkedHashMap<>();
        for (String user : KafkaUsers.allNames()) {
            byUser.put(user, KafkaUsers.SUPER_USERS.contains(user)
                    ? new KafkaCredentials("SASL_PLAINTEXT", "PLAIN", user, passwords.get(user))
                    : KafkaCredentials.scram(user, passwords.get(user)));
        }
        return KafkaLogins.perUser(byUser);
    }

    /** @return the bootstrap servers string clients use */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Formats the storage on first start, then starts the broker and waits until it serves. */
    public synchronized void start() throws Exception {
        guardAgainstExit();
        Files.createDirectories(logDir);
        Map<String, Object> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "CLIENT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "CLIENT://127.0.0.1:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        props.put("inter.broker.listener.name", "CLIENT");
        props.putAll(security());
        props.put("log.dirs", logDir.toString());
        props.put("auto.create.topics.enable", "false");
        props.put("num.partitions", "3");
        props.put("default.replication.factor", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "10");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("group.initial.rebalance.delay.ms", "0");
        // The cleaner's 128 MiB default buffer is allocated on the heap we share with everything else.
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        props.put("log.cleaner.threads", "1");
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "4");
        props.put("num.recovery.threads.per.data.dir", "1");
        props.put("background.threads", "2");
        props.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        props.put("log.retention.check.interval.ms", "60000");
        props.put("log.flush.interval.ms", "1000");
        KafkaConfig config = new KafkaConfig(props, false);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format();
        }
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        Map<String, Object> admin = new HashMap<>(logins().of(KafkaUsers.ADMIN).clientProperties());
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        admin.put(AdminClientConfig.CLIENT_ID_CONFIG, "plinth-kafka-access");
        try (Admin client = Admin.create(admin)) {
            KafkaAccess.apply(client, passwords, Duration.ofSeconds(60));
        }
        LOG.info("embedded Kafka listens on {} for {} users, each allowed only its topics and groups",
                bootstrapServers(), KafkaUsers.LIMITED.size());
    }

    /** SASL on both listeners, the authorizer, and who is a super user. */
    private Map<String, String> security() {
        String broker = KafkaUsers.BROKER;
        String admin = KafkaUsers.ADMIN;
        Map<String, String> props = new LinkedHashMap<>();
        props.put("sasl.mechanism.controller.protocol", "PLAIN");
        props.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        props.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        // username/password: how the broker signs in to its controller; user_*: whom the controller accepts.
        props.put("listener.name.controller.plain.sasl.jaas.config", PLAIN_MODULE + " required"
                + option("username", broker) + option("password", passwords.get(broker))
                + option("user_" + broker, passwords.get(broker)) + ";");
        props.put("listener.name.client.sasl.enabled.mechanisms", "SCRAM-SHA-256,PLAIN");
        props.put("listener.name.client.plain.sasl.jaas.config", PLAIN_MODULE + " required"
                + option("username", broker) + option("password", passwords.get(broker))
                + option("user_" + broker, passwords.get(broker)) + option("user_" + admin, passwords.get(admin)) + ";");
        props.put("listener.name.client.scram-sha-256.sasl.jaas.config", SCRAM_MODULE + " required;");
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("allow.everyone.if.no.acl.found", "false");
        props.put("super.users", "User:" + broker + ";User:" + admin);
        return props;
    }

    private static String option(String name, String value) {
        return " " + name + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private void format() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        new Formatter()
                .setPrintStream(new PrintStream(output, true, StandardCharsets.UTF_8))
                .setClusterId(Uuid.randomUuid().toString())
                .setNodeId(1)
                .addDirectory(logDir.toString())
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName("CONTROLLER")
                .setSupportedFeatures(Features.PRODUCTION_FEATURES)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setIgnoreFormatted(true)
                .run();
        LOG.debug("formatted Kafka storage: {}", output.toString(StandardCharsets.UTF_8).trim());
    }

    /**
     * Kafka calls {@code Exit.halt} on fatal faults, which would kill the whole platform silently.
     * Turn those calls into a logged error and an exception in the calling thread.
     */
    private static void guardAgainstExit() {
        Exit.setExitProcedure((code, message) -> {
            LOG.error("embedded Kafka asked to exit with code {}: {}", code, message);
            throw new IllegalStateException("embedded Kafka asked to exit with code " + code + ": " + message);
        });
        Exit.setHaltProcedure((code, message) -> {
            LOG.error("embedded Kafka asked to halt with code {}: {}", code, message);
            throw new IllegalStateException("embedded Kafka asked to halt with code " + code + ": " + message);
        });
    }

    /** Stops the broker, flushing its log. */
    @Override
    public synchronized void close() {
        if (server != null) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException e) {
                LOG.warn("embedded Kafka did not stop cleanly: {}", e.getMessage());
            }
            server = null;
        }
    }

    /** @return the KRaft controller's port on 127.0.0.1 (the broker alone may sign in there) */
    public int controllerPort() {
        return controllerPort;
    }

    /** @return the directory holding the broker's log */
    public Path logDir() {
        return logDir;
    }

}
