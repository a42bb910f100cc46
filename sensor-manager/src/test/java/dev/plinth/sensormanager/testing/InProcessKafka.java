package dev.plinth.sensormanager.testing;

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
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A one-node KRaft Kafka broker in the test JVM, on loopback, with Plinth's topics. */
final class InProcessKafka implements AutoCloseable {

    private final Path dir;
    private final int port;
    private KafkaRaftServer server;

    InProcessKafka(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    void start() throws Exception {
        // A fatal broker fault must fail the tests, not halt the JVM.
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("Kafka asked to exit " + code + ": " + message);
        });
        Exit.setHaltProcedure((code, message) -> {
            throw new IllegalStateException("Kafka asked to halt " + code + ": " + message);
        });
        Files.createDirectories(dir);
        int controllerPort = TestServers.freePort();
        Map<String, Object> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dir.toString());
        props.put("auto.create.topics.enable", "false");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "3");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("background.threads", "2");
        new Formatter()
                .setPrintStream(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .setClusterId(Uuid.randomUuid().toString())
                .setNodeId(1)
                .addDirectory(dir.toString())
                .setMetadataLogDirectory(dir.toString())
                .setControllerListenerName("CONTROLLER")
                .setSupportedFeatures(Features.PRODUCTION_FEATURES)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .run();
        server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        server.startup();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            List<NewTopic> topics = Topics.ALL.stream().map(t -> new NewTopic(t.name(), t.partitions(), (short) 1)).toList();
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }
}
