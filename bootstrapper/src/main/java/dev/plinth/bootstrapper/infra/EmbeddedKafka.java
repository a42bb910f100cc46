package dev.plinth.bootstrapper.infra;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Features;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one), inside this JVM,
 * listening on loopback only. Its log lives under the data directory and survives restarts.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    /**
     * @param logDir         where the broker keeps its log and metadata
     * @param port           the client port on 127.0.0.1
     * @param controllerPort the KRaft controller port on 127.0.0.1
     */
    public EmbeddedKafka(Path logDir, int port, int controllerPort) {
        this.logDir = logDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** @return the bootstrap servers string clients use */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Formats the storage on first start, then starts the broker and waits until it serves. */
    public synchronized void start() throws Exception {
        guardAgainstExit();
        Files.createDirectories(logDir);
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
        props.put("num.partitions", "3");
        props.put("default.replication.factor", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "10");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("group.initial.rebalance.delay.ms", "0");
        // The cleaner's 128 MiB default buffer is allocated on the heap we share with everything else.
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        props.put("log.cleaner.threads", "1");
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "4");
        props.put("num.recovery.threads.per.data.dir", "1");
        props.put("background.threads", "2");
        props.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        props.put("log.retention.check.interval.ms", "60000");
        props.put("log.flush.interval.ms", "1000");
        KafkaConfig config = new KafkaConfig(props, false);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format();
        }
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        LOG.info("embedded Kafka listens on {}", bootstrapServers());
    }

    private void format() throws Exception {
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
                .setIgnoreFormatted(true)
                .run();
        LOG.debug("formatted Kafka storage: {}", output.toString(StandardCharsets.UTF_8).trim());
    }

    /**
     * Kafka calls {@code Exit.halt} on fatal faults, which would kill the whole platform silently.
     * Turn those calls into a logged error and an exception in the calling thread.
     */
    private static void guardAgainstExit() {
        Exit.setExitProcedure((code, message) -> {
            LOG.error("embedded Kafka asked to exit with code {}: {}", code, message);
            throw new IllegalStateException("embedded Kafka asked to exit with code " + code + ": " + message);
        });
        Exit.setHaltProcedure((code, message) -> {
            LOG.error("embedded Kafka asked to halt with code {}: {}", code, message);
            throw new IllegalStateException("embedded Kafka asked to halt with code " + code + ": " + message);
        });
    }

    /** Stops the broker, flushing its log. */
    @Override
    public synchronized void close() {
        if (server != null) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException e) {
                LOG.warn("embedded Kafka did not stop cleanly: {}", e.getMessage());
            }
            server = null;
        }
    }

    /** @return the directory holding the broker's log */
    public Path logDir() {
        return logDir;
    }

}
