package dev.plinth.monitor;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka broker and the MongoDB wire server of the monitor's tests: started once per test JVM
 * on free loopback ports, stopped when it ends. Each test class has a database of its own and
 * names its subjects uniquely, since the topics are shared.
 */
public final class MonitorTestServers {

    /** The signing secret of test tokens (HS256 needs 256 bits). */
    public static final String JWT_SECRET = "monitor-tests-secret-0123456789-abcdefghijklmnop";

    private static MonitorTestServers instance;

    private final MonitorKafka kafka;
    private final MongoServer mongo;
    private final String mongoUri;
    private final MongoClient mongoClient;
    private final KafkaProducer<String, byte[]> producer;

    private MonitorTestServers() throws Exception {
        kafka = new MonitorKafka();
        kafka.start();
        mongo = new MongoServer(H2Backend.inMemory());
        int mongoPort = freePort();
        mongo.bind("127.0.0.1", mongoPort);
        mongoUri = "mongodb://127.0.0.1:" + mongoPort;
        mongoClient = MongoClients.create(mongoUri);
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer = new KafkaProducer<>(config);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "monitor-test-servers-stop"));
    }

    /** @return the servers, started on first use */
    public static synchronized MonitorTestServers get() {
        if (instance == null) {
            try {
                instance = new MonitorTestServers();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the test servers: " + e.getMessage(), e);
            }
        }
        return instance;
    }

    /** @return a free TCP port on loopback */
    public static int freePort() {
        // Below the ephemeral range and never the same twice: two servers of one test may not collide.
        return dev.plinth.kit.net.FreePorts.next();
    }

    /**
     * @param database the test class's database
     * @return the properties of a monitor context against these servers
     */
    public Map<String, String> monitorProperties(String database) {
        Map<String, String> p = new HashMap<>();
        p.put("plinth.subsystems.monitor.enabled", "true");
        p.put("plinth.subsystem.name", "monitor");
        p.put("plinth.security.jwt-secret", JWT_SECRET);
        p.put("plinth.kafka.bootstrap-servers", kafka.bootstrapServers());
        p.put("plinth.mongodb.uri", mongoUri + "/" + database);
        p.put("plinth.mongodb.database", database);
        return p;
    }

    /** @return a database of the test MongoDB */
    public MongoDatabase database(String name) {
        return mongoClient.getDatabase(name);
    }

    /** @return a client of the test MongoDB */
    public MongoClient mongoClient() {
        return mongoClient;
    }

    /** @return where the broker listens */
    public String kafkaBootstrap() {
        return kafka.bootstrapServers();
    }

    /**
     * Publishes one record and waits until Kafka has it.
     *
     * @param topic   the topic
     * @param key     the key
     * @param json    the value, JSON
     * @param headers header names and values, in pairs
     */
    public void publish(String topic, String key, byte[] json, String... headers) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, json);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            record.headers().add(new RecordHeader(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8)));
        }
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic + ": " + e.getMessage(), e);
        }
    }

    /** Publishes records of text, as any producer might. */
    public void publishText(String topic, String key, List<String> values) {
        for (String value : values) {
            publish(topic, key, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void stop() {
        try {
            producer.close(Duration.ofSeconds(2));
            mongoClient.close();
        } finally {
            try {
                kafka.close();
            } finally {
                mongo.shutdownNow();
            }
        }
    }
}
