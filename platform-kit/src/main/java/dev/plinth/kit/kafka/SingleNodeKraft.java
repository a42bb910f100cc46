package dev.plinth.kit.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
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
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A Kafka broker that is also its own KRaft controller, in this JVM, on loopback: the settings, the
 * storage format and the start that the embedded platform's broker and the tests' brokers share.
 * Callers add what differs (security, partitions, retention) on top of {@link #settings}.
 *
 * <p>Needs {@code kafka_2.13}, {@code kafka-metadata} and {@code kafka-server-common} on the class
 * path; platform-kit declares them optional, so only the bootstrapper and the test kit carry them.</p>
 */
public final class SingleNodeKraft {

    /** The listener clients use. */
    public static final String CLIENT_LISTENER = "CLIENT";
    /** The controller's listener. */
    public static final String CONTROLLER_LISTENER = "CONTROLLER";

    private SingleNodeKraft() {
    }

    /**
     * @param port           the client port on 127.0.0.1
     * @param controllerPort the controller port on 127.0.0.1
     * @param logDir         the data directory (log and metadata)
     * @param protocol       the security protocol of both listeners, {@code PLAINTEXT} or {@code SASL_PLAINTEXT}
     * @return the settings of a single-node broker and controller, with small buffers and thread pools
     *         (it shares the JVM with everything else); a mutable map the caller may add to
     */
    public static Map<String, Object> settings(int port, int controllerPort, Path logDir, String protocol) {
        Map<String, Object> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", CLIENT_LISTENER + "://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", CLIENT_LISTENER + "://127.0.0.1:" + port);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("listener.security.protocol.map", CLIENT_LISTENER + ":" + protocol + "," + CONTROLLER_LISTENER + ":" + protocol);
        props.put("inter.broker.listener.name", CLIENT_LISTENER);
        props.put("log.dirs", logDir.toString());
        props.put("auto.create.topics.enable", "false");
        props.put("default.replication.factor", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "10");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("group.initial.rebalance.delay.ms", "0");
        // The cleaner's 128 MiB default buffer is allocated on the heap shared with everything else.
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        props.put("log.cleaner.threads", "1");
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("num.recovery.threads.per.data.dir", "1");
        props.put("background.threads", "2");
        return props;
    }

    /**
     * Formats the data directory for a new cluster, unless it is formatted already (a directory
     * keeps its cluster id for life).
     *
     * @return what the formatter printed, empty when the directory was formatted already
     */
    public static String format(Path logDir) throws Exception {
        Files.createDirectories(logDir);
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return "";
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        new Formatter()
                .setPrintStream(new PrintStream(output, true, StandardCharsets.UTF_8))
                .setClusterId(Uuid.randomUuid().toString())
                .setNodeId(1)
                .addDirectory(logDir.toString())
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setSupportedFeatures(Features.PRODUCTION_FEATURES)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .run();
        return output.toString(StandardCharsets.UTF_8).trim();
    }

    /**
     * Kafka calls {@code Exit.exit} and {@code Exit.halt} on fatal faults, which would end the whole
     * JVM silently. After this they are told to {@code report} and thrown as an exception in the
     * calling thread instead.
     *
     * @param report receives the exit code and Kafka's message
     */
    public static void guardAgainstExit(BiConsumer<Integer, String> report) {
        Exit.setExitProcedure((code, message) -> {
            report.accept(code, message);
            throw new IllegalStateException("Kafka asked to exit with code " + code + ": " + message);
        });
        Exit.setHaltProcedure((code, message) -> {
            report.accept(code, message);
            throw new IllegalStateException("Kafka asked to halt with code " + code + ": " + message);
        });
    }

    /**
     * Formats the data directory when it is new and starts the broker.
     *
     * @param settings {@link #settings} and the caller's additions
     * @return the running broker; stop it with {@code shutdown()} and {@code awaitShutdown()}
     */
    public static KafkaRaftServer start(Map<String, Object> settings) throws Exception {
        KafkaConfig config = new KafkaConfig(settings, false);
        format(Path.of(String.valueOf(settings.get("log.dirs"))));
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        return server;
    }
}
