package dev.plinth.logger;

import com.mongodb.client.MongoDatabase;
import dev.plinth.contracts.events.LogRecord;
import dev.plinth.contracts.events.Topics;
import dev.plinth.kit.logging.LogRecordJson;
import dev.plinth.testkit.kafka.InProcessKafka;
import dev.plinth.testkit.mongo.InProcessMongo;
import dev.plinth.testkit.tokens.TestTokens;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The logger's tests against the test kit's shared Kafka broker and MongoDB wire server: the
 * settings of a logger context, tokens it accepts, and publishing as every producer does. Each test
 * class uses its own database.
 */
final class TestServers {

    /** The signing secret of test tokens (HS256 needs 256 bits). */
    static final String JWT_SECRET = "logger-tests-secret-0123456789-abcdefghijklmnop";

    /** Tokens the logger contexts accept. */
    static final TestTokens TOKENS = TestTokens.signedWith(JWT_SECRET);

    private static final TestServers INSTANCE = new TestServers();

    private TestServers() {
    }

    static TestServers get() {
        return INSTANCE;
    }

    /** @return a user's token with these roles */
    static String token(String username, String... roles) {
        return TOKENS.user(username, roles);
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
        p.put("plinth.kafka.bootstrap-servers", kafkaBootstrap());
        p.put("plinth.mongodb.uri", InProcessMongo.shared().uri(database));
        p.put("plinth.mongodb.database", database);
        return p;
    }

    MongoDatabase database(String name) {
        return InProcessMongo.shared().database(name);
    }

    String kafkaBootstrap() {
        return InProcessKafka.shared().bootstrapServers();
    }

    /** Publishes records to {@code platform.logs} the way every producer does, and waits for Kafka to take them. */
    void publish(List<LogRecord> records) {
        InProcessKafka.shared().publishAll(records.stream()
                .map(r -> new ProducerRecord<>(Topics.PLATFORM_LOGS, r.sourceName(), LogRecordJson.write(r).getBytes(StandardCharsets.UTF_8)))
                .toList());
    }

    /** Publishes raw text, as a broken producer might. */
    void publishRaw(String key, String value) {
        InProcessKafka.shared().publish(Topics.PLATFORM_LOGS, key, value.getBytes(StandardCharsets.UTF_8));
    }
}
