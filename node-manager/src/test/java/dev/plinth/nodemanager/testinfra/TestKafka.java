package dev.plinth.nodemanager.testinfra;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One real Kafka broker (KRaft, broker and controller in one) for all tests of this module's test
 * JVM, on free loopback ports, with Plinth's topics created. Started on first use, stopped when the
 * JVM ends.
 */
public final class TestKafka {

    private static TestKafka shared;

    private final Path logDir;
    private final int port;
    private KafkaRaftServer server;

    private TestKafka(Path logDir, int port) {
        this.logDir = logDir;
        this.port = port;
    }

    /** @return the broker, started on first call */
    public static synchronized TestKafka shared() {
        if (shared == null) {
            try {
                TestKafka kafka = new TestKafka(Files.createTempDirectory("plinth-test-kafka"), freePort());
                kafka.start(freePort());
                Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop, "test-kafka-stop"));
                shared = kafka;
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the test Kafka broker", e);
            }
        }
        return shared;
    }

    /** @return the bootstrap servers string */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    private void start(int controllerPort) throws Exception {
        // A fatal fault inside the broker must fail the test, not halt the JVM.
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("Kafka asked to exit(" + code + "): " + message);
        });
        Exit.setHaltProcedure((code, message) -> {
            throw new IllegalStateException("Kafka asked to halt(" + code + "): " + message);
        });
        Map<String, Object> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("auto.create.topics.enable", "false");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        KafkaConfig config = new KafkaConfig(props, false);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        new Formatter()
                .setPrintStream(new PrintStream(output, true, StandardCharsets.UTF_8))
                .setClusterId(Uuid.randomUuid().toString())
                .setNodeId(1)
                .addDirectory(logDir.toString())
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName("CONTROLLER")
                .setSupportedFeatures(Features.PRODUCTION_FEATURES)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .run();
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        createTopics();
    }

    private void createTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            List<NewTopic> topics = Topics.ALL.stream()
                    .map((TopicSpec t) -> new NewTopic(t.name(), t.partitions(), (short) 1))
                    .toList();
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        }
    }

    private synchronized void stop() {
        if (server != null) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException e) {
                // The JVM is ending; nothing to report to.
            }
            server = null;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(logDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // Left in the temporary directory; nothing else to do as the JVM ends.
        }
    }

    /** @return a port that was free a moment ago */
    public static int freePort() {
        // Below the ephemeral range and never the same twice: two servers of one test may not collide.
        return dev.plinth.kit.net.FreePorts.next();
    }
}
