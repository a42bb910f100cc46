package dev.plinth.bootstrapper;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.plinth.bootstrapper.infra.kafka.KafkaUsers;
import dev.plinth.kit.kafka.SingleNodeKraft;
import dev.plinth.contracts.events.Topics;
import dev.plinth.kit.kafka.KafkaCredentials;
import dev.plinth.testkit.wait.Waits;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A data directory made before the platform's servers required credentials (a plain Kafka broker,
 * secrets without Kafka passwords) comes up under the new rules, keeps its data, and comes up again;
 * and no secret reaches the log on the way, Kafka's and MongoDB's own lines at INFO included.
 */
class EarlierDataDirectoryTest {

    @TempDir
    Path data;

    @Test
    void aDataDirectoryFromBeforeKafkaUsersComesUpTwiceWithItsDataAndLogsNoSecret() throws Exception {
        String jwtSecret = "earlier-jwt-secret-" + UUID.randomUUID();
        Files.createDirectories(data);
        Files.writeString(data.resolve("secrets.properties"), "jwt.secret=" + jwtSecret
                + "\nldap.manager.password=earlierManager" + UUID.randomUUID().toString().replace("-", "")
                + "\nadmin.password=earlierAdmin" + UUID.randomUUID().toString().replace("-", "") + "\n");
        String kept = "kept across the change " + UUID.randomUUID();
        runEarlierBroker(data.resolve("kafka"), kept);

        List<ILoggingEvent> logged = new ArrayList<>();
        Runnable stopCapture = captureLog(logged);
        try {
            try (Platform platform = Platform.start(TestPlatforms.settings(data))) {
                assertEquals(jwtSecret, platform.secrets().jwtSecret(), "the earlier secrets are kept");
                assertEquals(KafkaUsers.allNames().size(), platform.secrets().kafkaPasswords().size(), "Kafka passwords were added");
                assertEquals(kept, readFirst(platform, Topics.APP_EVENTS), "the earlier broker's records are still there");
                assertHealthy(platform);
                RoundTrips.kafka(platform.endpoints());
            }
            try (Platform again = Platform.start(TestPlatforms.settings(data))) {
                assertHealthy(again);
                RoundTrips.kafka(again.endpoints());
                assertNoSecretIn(logged, again);
            }
        } finally {
            stopCapture.run();
        }
        Properties secrets = new Properties();
        try (Reader in = Files.newBufferedReader(data.resolve("secrets.properties"))) {
            secrets.load(in);
        }
        assertEquals(jwtSecret, secrets.getProperty("jwt.secret"));
        assertTrue(secrets.stringPropertyNames().contains("kafka.password." + KafkaUsers.AGENT));
    }

    /** The broker exactly as the platform ran it before: PLAINTEXT, no authorizer; one record on app.events. */
    private static void runEarlierBroker(Path logDir, String record) throws Exception {
        Files.createDirectories(logDir);
        int port = dev.plinth.bootstrapper.infra.Ports.free();
        int controller = dev.plinth.bootstrapper.infra.Ports.free();
        KafkaRaftServer server = SingleNodeKraft.start(SingleNodeKraft.settings(port, controller, logDir, "PLAINTEXT"));
        try {
            String bootstrap = "127.0.0.1:" + port;
            dev.plinth.bootstrapper.infra.TopicProvisioner.ensureTopics(bootstrap, KafkaCredentials.NONE, (short) 1, Duration.ofSeconds(60));
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all"),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(Topics.APP_EVENTS, 0, "earlier", record)).get(30, TimeUnit.SECONDS);
            }
        } finally {
            server.shutdown();
            server.awaitShutdown();
        }
    }

    private static String readFirst(Platform platform, String topic) {
        Map<String, Object> config = new HashMap<>(platform.endpoints().kafkaLogins().of(KafkaUsers.ADMIN).clientProperties());
        config.put("bootstrap.servers", platform.endpoints().kafkaBootstrap());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition first = new TopicPartition(topic, 0);
            consumer.assign(List.of(first));
            consumer.seekToBeginning(List.of(first));
            return Waits.until("the earlier record on " + topic, Duration.ofSeconds(30), () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if ("earlier".equals(r.key())) {
                        return r.value();
                    }
                }
                return null;
            }, () -> "it never came");
        }
    }

    private static void assertHealthy(Platform platform) throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(platform.supervisor().hosts().stream().allMatch(h -> h.running()));
    }

    /** Every line of the platform, Kafka's, Micronaut's and MongoDB's driver's at INFO too. */
    private static Runnable captureLog(List<ILoggingEvent> into) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> appender = new ListAppender<>() {
            @Override
            protected void append(ILoggingEvent event) {
                synchronized (into) {
                    into.add(event);
                }
            }
        };
        appender.setContext(context);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        Map<String, Level> earlier = new HashMap<>();
        for (String name : List.of("kafka", "org.apache.kafka", "org.apache.kafka.clients.NetworkClient", "io.micronaut", "org.mongodb.driver")) {
            Logger logger = context.getLogger(name);
            earlier.put(name, logger.getLevel());
            logger.setLevel(Level.INFO);
        }
        return () -> {
            root.detachAppender(appender);
            appender.stop();
            earlier.forEach((name, level) -> context.getLogger(name).setLevel(level));
        };
    }

    private static void assertNoSecretIn(List<ILoggingEvent> logged, Platform platform) {
        List<String> secrets = new ArrayList<>(platform.secrets().kafkaPasswords().values());
        secrets.add(platform.secrets().jwtSecret());
        secrets.add(platform.secrets().ldapManagerPassword());
        secrets.add(platform.secrets().adminPassword());
        List<String> lines;
        synchronized (logged) {
            lines = logged.stream().map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
                    : ch.qos.logback.classic.spi.ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
        }
        assertTrue(lines.size() > 100, "the log was captured: " + lines.size() + " lines");
        assertTrue(lines.stream().anyMatch(l -> l.contains("sasl.jaas.config")), "Kafka's configuration dumps were captured");
        for (String line : lines) {
            for (String secret : secrets) {
                assertFalse(line.contains(secret), "a secret is in the log: " + line);
            }
        }
    }
}
