package dev.plinth.monitor;

import dev.plinth.contracts.events.TopicSpec;
import dev.plinth.contracts.events.Topics;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Features;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** One Kafka broker and controller (KRaft) inside the test JVM, on loopback, with every Plinth topic. */
final class MonitorKafka implements AutoCloseable {

    private final Path logDir;
    private final int port = MonitorTestServers.freePort();
    private KafkaRaftServer server;

    MonitorKafka() throws IOException {
        this.logDir = Files.createTempDirectory("monitor-test-kafka");
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    void start() throws Exception {
        // The broker must never end the test JVM; a fatal fault fails the test instead.
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("the test broker asked to exit (" + code + "): " + message);
        });
        Exit.setHaltProcedure((code, message) -> {
            throw new IllegalStateException("the test broker asked to halt (" + code + "): " + message);
        });
        int controllerPort = MonitorTestServers.freePort();
        Map<String, Object> config = new HashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("log.dirs", logDir.toString());
        config.put("auto.create.topics.enable", "false");
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "2");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        config.put("num.network.threads", "2");
        config.put("num.io.threads", "2");
        config.put("background.threads", "2");
        new Formatter()
                .setPrintStream(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .setClusterId(Uuid.randomUuid().toString())
                .setNodeId(1)
                .addDirectory(logDir.toString())
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName("CONTROLLER")
                .setSupportedFeatures(Features.PRODUCTION_FEATURES)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .run();
        server = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
        server.startup();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            List<NewTopic> topics = Topics.ALL.stream().map(MonitorKafka::topic).toList();
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        }
    }

    private static NewTopic topic(TopicSpec spec) {
        return new NewTopic(spec.name(), spec.partitions(), (short) 1);
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
        try (Stream<Path> files = Files.walk(logDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
