package dev.plinth.bootstrapper.infra;

import com.hivemq.embedded.EmbeddedExtension;
import dev.plinth.bootstrapper.PlatformSettings;
import dev.plinth.bootstrapper.infra.kafka.KafkaLogins;
import dev.plinth.bootstrapper.secrets.PlatformSecrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Starts the embedded servers the settings do not replace with external ones, in parallel, and
 * stops them in reverse order. Everything embedded keeps its data under the data directory.
 */
public final class Infrastructure implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Infrastructure.class);

    /** The uid of the admin seeded into the embedded directory. */
    public static final String ADMIN_USER = "admin";

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private EmbeddedMqtt mqtt;
    private EmbeddedKafka kafkaBroker;
    private InfrastructureEndpoints endpoints;

    /**
     * Starts what is needed.
     *
     * @param settings      the platform settings
     * @param secrets       the platform secrets
     * @param mqttExtension the embedded broker's device authentication, or null
     * @return the running infrastructure; close it to stop
     * @throws Exception when a server cannot start; whatever started is stopped again
     */
    public static Infrastructure start(PlatformSettings settings, PlatformSecrets secrets, EmbeddedExtension mqttExtension)
            throws Exception {
        Infrastructure infra = new Infrastructure();
        try {
            infra.startAll(settings, secrets, mqttExtension);
            return infra;
        } catch (Exception | Error e) {
            infra.close();
            throw e;
        }
    }

    private void startAll(PlatformSettings settings, PlatformSecrets secrets, EmbeddedExtension mqttExtension) throws Exception {
        Path data = settings.dataDir();
        Map<String, String> kinds = new LinkedHashMap<>();

        CompletableFuture<String> kafka;
        KafkaLogins kafkaLogins;
        if (settings.kafka().isPresent()) {
            kafka = CompletableFuture.completedFuture(settings.kafka().get());
            kafkaLogins = KafkaLogins.shared(settings.kafkaCredentials());
            kinds.put("kafka", "external");
        } else {
            EmbeddedKafka broker = new EmbeddedKafka(data.resolve("kafka"), Ports.internal(settings.kafkaPort(), 9092), Ports.free(),
                    secrets.kafkaPasswords());
            kafkaLogins = broker.logins();
            kafkaBroker = broker;
            if (settings.kafkaCredentials().authenticates()) {
                LOG.warn("PLINTH_KAFKA_USERNAME is set but Kafka is embedded (no KAFKA_BOOTSTRAP_SERVERS): the embedded broker's own"
                        + " users are used and the variable is ignored");
            }
            kafka = CompletableFuture.supplyAsync(() -> {
                try {
                    broker.start();
                    return broker.bootstrapServers();
                } catch (Exception e) {
                    throw new IllegalStateException("the embedded Kafka broker did not start: " + e.getMessage(), e);
                }
            });
            track(broker);
            kinds.put("kafka", "embedded");
        }

        CompletableFuture<String> mqttUrl;
        if (settings.mqttUrl().isPresent()) {
            mqttUrl = CompletableFuture.completedFuture(settings.mqttUrl().get());
            kinds.put("mqtt", "external");
        } else {
            if (!Ports.available(settings.bindHost(), settings.mqttPort())) {
                throw new IllegalStateException("MQTT port " + settings.mqttPort() + " on " + settings.bindHost()
                        + " is in use: stop what uses it or set PLINTH_MQTT_PORT");
            }
            mqtt = new EmbeddedMqtt(data.resolve("mqtt"), settings.bindHost(), settings.mqttPort(), mqttExtension,
                    EmbeddedMqtt.maxPacketBytes(System.getenv()));
            EmbeddedMqtt broker = mqtt;
            mqttUrl = CompletableFuture.supplyAsync(() -> {
                try {
                    broker.start();
                    return broker.url();
                } catch (Exception e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
            track(broker);
            kinds.put("mqtt", "embedded");
        }

        String mongoUri;
        if (settings.mongoUri().isPresent()) {
            mongoUri = settings.mongoUri().get();
            kinds.put("mongodb", "external");
        } else {
            EmbeddedMongo mongo = new EmbeddedMongo(data.resolve("mongo").resolve("plinth.mv"), Ports.internal(settings.mongoPort(), 27017));
            mongo.start();
            track(mongo);
            mongoUri = mongo.uri();
            kinds.put("mongodb", "embedded");
        }

        String ldapUrl;
        String managerDn;
        String managerPassword;
        LdapLayout layout;
        if (settings.ldap().isPresent()) {
            ExternalLdap external = settings.ldap().get();
            ldapUrl = external.url();
            managerDn = external.bindDn();
            managerPassword = external.bindPassword();
            layout = external.layout();
            kinds.put("ldap", "external");
        } else {
            layout = LdapLayout.DEFAULT;
            EmbeddedLdap ldap = new EmbeddedLdap(data.resolve("ldap").resolve("directory.ldif"),
                    Ports.internal(settings.ldapPort(), 1389), layout, secrets.ldapManagerPassword(), ADMIN_USER, secrets.adminPassword());
            ldap.start();
            track(ldap);
            ldapUrl = ldap.url();
            managerDn = EmbeddedLdap.MANAGER_DN;
            managerPassword = secrets.ldapManagerPassword();
            kinds.put("ldap", "embedded");
        }
        kinds.put("artifacts", settings.azureConnectionString().isPresent() ? "external" : "embedded");

        endpoints = new InfrastructureEndpoints(
                join(kafka), kafkaLogins, mongoUri, settings.mongoDatabase(), ldapUrl, managerDn, managerPassword, layout,
                join(mqttUrl), data.resolve("artifacts").toAbsolutePath(), settings.azureConnectionString(),
                settings.azureContainer(), kinds);
        LOG.info("infrastructure ready: {}", endpoints);
    }

    private static String join(CompletableFuture<String> future) throws Exception {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private synchronized void track(AutoCloseable server) {
        started.push(server);
    }

    /** @return where everything is */
    public InfrastructureEndpoints endpoints() {
        return endpoints;
    }

    /** @return the embedded Kafka broker, or null when an external one is used */
    public EmbeddedKafka embeddedKafka() {
        return kafkaBroker;
    }

    /** @return the embedded MQTT broker, or null when an external one is used */
    public EmbeddedMqtt embeddedMqtt() {
        return mqtt;
    }

    /** Stops the embedded servers, last started first. */
    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            AutoCloseable server = started.pop();
            try {
                server.close();
            } catch (Exception e) {
                LOG.warn("{} did not stop cleanly: {}", server.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
