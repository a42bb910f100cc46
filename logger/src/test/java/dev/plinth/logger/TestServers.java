package dev.plinth.logger;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.plinth.contracts.events.LogRecord;
import dev.plinth.contracts.events.Topics;
import dev.plinth.kit.logging.LogRecordJson;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Kafka broker and one MongoDB wire server for all logger tests in this JVM, started on first
 * use and stopped when the JVM exits. Each test class uses its own database.
 */
final class TestServers {

    /** The signing secret of test tokens (HS256 needs 256 bits). */
    static final String JWT_SECRET = "logger-tests-secret-0123456789-abcdefghijklmnop";

    private static TestServers instance;

    private final TestKafka kafka;
    private final MongoServer mongo;
    private final String mongoUri;
    private final MongoClient mongoClient;
    private final KafkaProducer<String, String> producer;

    private TestServers() throws Exception {
        kafka = new TestKafka(Files.createTempDirectory("logger-test-kafka"), freePort());
        kafka.start();
        mongo = new MongoServer(H2Backend.inMemory());
        int mongoPort = freePort();
        mongo.bind("127.0.0.1", mongoPort);
        mongoUri = "mongodb://127.0.0.1:" + mongoPort;
        mongoClient = MongoClients.create(mongoUri);
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer = new KafkaProducer<>(config);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "logger-test-servers-stop"));
    }

    static synchronized TestServers get() {
        if (instance == null) {
            try {
                instance = new TestServers();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the test servers: " + e.getMessage(), e);
            }
        }
        return instance;
    }

    static int freePort() {
        // Below the ephemeral range and never the same twice: two servers of one test may not collide.
        return dev.plinth.kit.net.FreePorts.next();
    }

    /**
     * @param database the test class's database
     * @return the properties of a logger context against these servers
     */
    Map<String, String> loggerProperties(String database) {
        Map<String, String> p = new HashMap<>();
        p.put("plinth.subsystems.logger.enabled", "true");
        p.put("plinth.subsystem.name", "logger");
        p.put("plinth.security.jwt-secret", JWT_SECRET);
        p.put("plinth.kafka.bootstrap-servers", kafka.bootstrapServers());
        p.put("plinth.mongodb.uri", mongoUri + "/" + database);
        p.put("plinth.mongodb.database", database);
        return p;
    }

    MongoDatabase database(String name) {
        return mongoClient.getDatabase(name);
    }

    String kafkaBootstrap() {
        return kafka.bootstrapServers();
    }

    /** Publishes records to {@code platform.logs} the way every producer does, and waits for Kafka to take them. */
    void publish(List<LogRecord> records) {
        try {
            for (LogRecord record : records) {
                producer.send(new ProducerRecord<>(Topics.PLATFORM_LOGS, record.sourceName(), LogRecordJson.write(record)));
            }
            producer.flush();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot publish test log records: " + e.getMessage(), e);
        }
    }

    /** Publishes raw bytes, as a broken producer might. */
    void publishRaw(String key, String value) {
        try {
            producer.send(new ProducerRecord<>(Topics.PLATFORM_LOGS, key, value)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void stop() {
        try {
            producer.close(java.time.Duration.ofSeconds(2));
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
