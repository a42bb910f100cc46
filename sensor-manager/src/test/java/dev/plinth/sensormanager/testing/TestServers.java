package dev.plinth.sensormanager.testing;

import com.hivemq.embedded.EmbeddedHiveMQ;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real servers every sensor-manager test uses, started once per JVM and stopped when it exits:
 * a KRaft Kafka broker with Plinth's topics, HiveMQ CE embedded (in memory, no extension: every
 * client may do anything, as the tests here are about sensor-manager, not the broker's rules) and an
 * in-memory MongoDB wire server. Each test class uses its own database and MQTT client id.
 */
public final class TestServers {

    /** The signing secret of test tokens (HS256 needs 256 bits). */
    public static final String JWT_SECRET = "sensor-manager-tests-secret-0123456789-abcdefghij";

    private static TestServers instance;

    private final InProcessKafka kafka;
    private final EmbeddedHiveMQ hivemq;
    private final int mqttPort;
    private final MongoServer mongo;
    private final String mongoUri;
    private final MongoClient mongoClient;

    private TestServers() throws Exception {
        kafka = new InProcessKafka(Files.createTempDirectory("sensors-test-kafka"), freePort());
        kafka.start();
        mqttPort = freePort();
        hivemq = startBroker(mqttPort);
        mongo = new MongoServer(H2Backend.inMemory());
        int mongoPort = freePort();
        mongo.bind("127.0.0.1", mongoPort);
        mongoUri = "mongodb://127.0.0.1:" + mongoPort;
        mongoClient = MongoClients.create(mongoUri);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "sensor-test-servers-stop"));
    }

    private static EmbeddedHiveMQ startBroker(int port) throws Exception {
        Path dir = Files.createTempDirectory("sensors-test-mqtt");
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(conf.resolve("config.xml"), """
                <?xml version="1.0"?>
                <hivemq>
                  <listeners>
                    <tcp-listener>
                      <port>%d</port>
                      <bind-address>127.0.0.1</bind-address>
                    </tcp-listener>
                  </listeners>
                  <mqtt>
                    <queued-messages>
                      <max-queue-size>1000000</max-queue-size>
                      <strategy>discard</strategy>
                    </queued-messages>
                    <receive-maximum>
                      <server-receive-maximum>1024</server-receive-maximum>
                    </receive-maximum>
                  </mqtt>
                  <persistence>
                    <mode>in-memory</mode>
                  </persistence>
                  <anonymous-usage-statistics>
                    <enabled>false</enabled>
                  </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port), StandardCharsets.UTF_8);
        EmbeddedHiveMQ broker = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(Files.createDirectories(dir.resolve("data")))
                .withExtensionsFolder(Files.createDirectories(dir.resolve("extensions")))
                .withoutLoggingBootstrap()
                .build();
        broker.start().get(60, TimeUnit.SECONDS);
        return broker;
    }

    /** @return the servers, started on first use */
    public static synchronized TestServers get() {
        if (instance == null) {
            try {
                instance = new TestServers();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the test servers: " + e.getMessage(), e);
            }
        }
        return instance;
    }

    /** @return a free port on loopback */
    public static int freePort() {
        // Below the ephemeral range and never the same twice: two servers of one test may not collide.
        return dev.plinth.kit.net.FreePorts.next();
    }

    /**
     * @param database the test class's database
     * @return the properties of a sensor-manager context against these servers, as the bootstrapper
     *         sets them, with short timers so tests need not wait long
     */
    public Map<String, String> sensorManagerProperties(String database) {
        Map<String, String> p = new HashMap<>();
        p.put("plinth.subsystems.sensor-manager.enabled", "true");
        p.put("plinth.subsystem.name", "sensor-manager");
        p.put("plinth.security.jwt-secret", JWT_SECRET);
        p.put("plinth.kafka.bootstrap-servers", kafka.bootstrapServers());
        p.put("plinth.mongodb.uri", mongoUri + "/" + database);
        p.put("plinth.mongodb.database", database);
        p.put("plinth.mqtt.url", mqttUrl());
        // A clean session per context: an earlier test class's offline session must not hold a share of the readings.
        p.put("plinth.mqtt.client-id", "sensor-manager-" + database + "-" + UUID.randomUUID());
        p.put("plinth.mqtt.session-expiry", "0s");
        p.put("plinth.sensors.binding-resync", "500ms");
        p.put("plinth.sensors.activity-flush-interval", "200ms");
        p.put("plinth.sensors.kafka-linger", "5ms");
        p.put("kafka.consumers.sensor-history.fetch.max.wait.ms", "50");
        p.put("micronaut.server.port", "-1");
        return p;
    }

    /** @return the MQTT broker's URL */
    public String mqttUrl() {
        return "tcp://127.0.0.1:" + mqttPort;
    }

    /** @return the MQTT port */
    public int mqttPort() {
        return mqttPort;
    }

    /** @return Kafka's bootstrap servers */
    public String kafkaBootstrap() {
        return kafka.bootstrapServers();
    }

    /** @return a database of the MongoDB server */
    public MongoDatabase database(String name) {
        return mongoClient.getDatabase(name);
    }

    private void stop() {
        try {
            mongoClient.close();
        } finally {
            try {
                hivemq.stop().get(30, TimeUnit.SECONDS);
                hivemq.close();
            } catch (Exception e) {
                // The JVM is exiting; nothing to do about a broker that stops badly.
            } finally {
                try {
                    kafka.close();
                } finally {
                    mongo.shutdownNow();
                }
            }
        }
    }
}
