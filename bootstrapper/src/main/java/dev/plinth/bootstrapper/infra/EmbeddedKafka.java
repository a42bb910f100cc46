package dev.plinth.bootstrapper.infra;

import dev.plinth.kit.kafka.SingleNodeKraft;
import dev.plinth.bootstrapper.infra.kafka.KafkaAccess;
import dev.plinth.bootstrapper.infra.kafka.KafkaLogins;
import dev.plinth.bootstrapper.infra.kafka.KafkaUsers;
import dev.plinth.kit.kafka.KafkaCredentials;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
        SingleNodeKraft.guardAgainstExit((code, message) -> LOG.error("embedded Kafka asked to stop the JVM with code {}: {}", code, message));
        Map<String, Object> props = SingleNodeKraft.settings(port, controllerPort, logDir, "SASL_PLAINTEXT");
        props.putAll(security());
        props.put("num.partitions", "3");
        props.put("num.io.threads", "4");
        props.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        props.put("log.retention.check.interval.ms", "60000");
        props.put("log.flush.interval.ms", "1000");
        server = SingleNodeKraft.start(props);
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
