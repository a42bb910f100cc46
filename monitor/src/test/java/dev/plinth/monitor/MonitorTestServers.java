package dev.plinth.monitor;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.micronaut.context.ApplicationContext;
import dev.plinth.monitor.alerts.AlertStore;
import dev.plinth.monitor.documents.AlertRepository;
import dev.plinth.testkit.kafka.InProcessKafka;
import dev.plinth.testkit.mongo.InProcessMongo;
import dev.plinth.testkit.tokens.TestTokens;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The monitor's tests against the test kit's shared Kafka broker and MongoDB wire server: the
 * settings of a monitor context, tokens it accepts, and publishing. Each test class has a database
 * of its own and names its subjects uniquely, since the topics are shared.
 */
public final class MonitorTestServers {

    /** The signing secret of test tokens (HS256 needs 256 bits). */
    public static final String JWT_SECRET = "monitor-tests-secret-0123456789-abcdefghijklmnop";

    private static final MonitorTestServers INSTANCE = new MonitorTestServers();
    private static final TestTokens TOKENS = TestTokens.signedWith(JWT_SECRET);

    private MonitorTestServers() {
    }

    /** @return the servers, started on first use */
    public static MonitorTestServers get() {
        return INSTANCE;
    }

    /** @return a user's token with these roles, as the gateway signs it for the monitor contexts */
    public static String token(String username, String... roles) {
        return TOKENS.user(username, roles);
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
        p.put("plinth.kafka.bootstrap-servers", kafkaBootstrap());
        p.put("plinth.mongodb.uri", InProcessMongo.shared().uri(database));
        p.put("plinth.mongodb.database", database);
        return p;
    }

    /**
     * A context with nothing but the MongoDB settings of a monitor context: the repositories, without
     * the monitor's listeners and loops. The caller closes it.
     *
     * @param database the test's database
     */
    public ApplicationContext repositories(String database) {
        return ApplicationContext.run(Map.of("mongodb.uri", InProcessMongo.shared().uri(), "plinth.mongodb.database", database,
                "mongodb.package-names", "dev.plinth.monitor.documents"));
    }

    /** @return an alert store on this context's repository and database */
    public static AlertStore alertStore(ApplicationContext repositories) {
        return new AlertStore(repositories.getBean(AlertRepository.class), repositories.getBean(MongoDatabase.class));
    }

    /** @return a database of the test MongoDB */
    public MongoDatabase database(String name) {
        return InProcessMongo.shared().database(name);
    }

    /** @return a client of the test MongoDB */
    public MongoClient mongoClient() {
        return InProcessMongo.shared().client();
    }

    /** @return where the broker listens */
    public String kafkaBootstrap() {
        return InProcessKafka.shared().bootstrapServers();
    }

    /**
     * Publishes one record and waits until Kafka has it.
     *
     * @param headers header names and values, in pairs
     */
    public void publish(String topic, String key, byte[] json, String... headers) {
        InProcessKafka.shared().publish(topic, key, json, headers);
    }

    /** Publishes records of text, as any producer might. */
    public void publishText(String topic, String key, List<String> values) {
        for (String value : values) {
            publish(topic, key, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
