package dev.plinth.sensormanager.testing;

import com.mongodb.client.MongoDatabase;
import dev.plinth.testkit.kafka.InProcessKafka;
import dev.plinth.testkit.mongo.InProcessMongo;
import dev.plinth.testkit.mqtt.InProcessMqttBroker;
import dev.plinth.testkit.tokens.TestTokens;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The test kit's shared servers as every sensor-manager test uses them: the KRaft Kafka broker with
 * Plinth's topics, the MQTT broker (no extension: every client may do anything, as the tests here
 * are about sensor-manager, not the broker's rules) and the MongoDB wire server. Each test class
 * uses its own database and MQTT client id.
 */
public final class TestServers {

    /** The signing secret of test tokens (HS256 needs 256 bits). */
    public static final String JWT_SECRET = "sensor-manager-tests-secret-0123456789-abcdefghij";

    /** Tokens the sensor-manager contexts accept. */
    public static final TestTokens TOKENS = TestTokens.signedWith(JWT_SECRET);

    private static final TestServers INSTANCE = new TestServers();

    private TestServers() {
    }

    /** @return the servers, started on first use */
    public static TestServers get() {
        return INSTANCE;
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
        p.put("plinth.kafka.bootstrap-servers", kafkaBootstrap());
        p.put("plinth.mongodb.uri", InProcessMongo.shared().uri(database));
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
        return InProcessMqttBroker.shared().url();
    }

    /** @return the MQTT port */
    public int mqttPort() {
        return InProcessMqttBroker.shared().port();
    }

    /** @return Kafka's bootstrap servers */
    public String kafkaBootstrap() {
        return InProcessKafka.shared().bootstrapServers();
    }

    /** @return a database of the MongoDB server */
    public MongoDatabase database(String name) {
        return InProcessMongo.shared().database(name);
    }
}
