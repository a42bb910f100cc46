package dev.plinth.testkit.kafka;

import dev.plinth.kit.kafka.SingleNodeKraft;
import dev.plinth.contracts.events.Topics;
import dev.plinth.kit.net.FreePorts;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A one-node Kafka (KRaft, broker and controller in one) inside the test JVM, on free loopback
 * ports, with every Plinth topic created. {@link #shared()} is the one broker of a test JVM; {@link
 * #start()} gives a test a broker of its own to stop.
 */
public final class InProcessKafka implements AutoCloseable {

    private static InProcessKafka shared;

    private final Path logDir;
    private final int port;
    private KafkaRaftServer server;
    private KafkaProducer<String, byte[]> producer;

    private InProcessKafka(Path logDir, int port) {
        this.logDir = logDir;
        this.port = port;
    }

    /** @return the broker every test of this JVM shares, started on first use and stopped when the JVM ends */
    public static synchronized InProcessKafka shared() {
        if (shared == null) {
            InProcessKafka kafka = start();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "test-kafka-stop"));
            shared = kafka;
        }
        return shared;
    }

    /** @return a broker of the caller's own, started, with Plinth's topics; close it when done */
    public static InProcessKafka start() {
        try {
            InProcessKafka kafka = new InProcessKafka(Files.createTempDirectory("plinth-test-kafka"), FreePorts.next());
            kafka.run(FreePorts.next());
            return kafka;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test Kafka broker: " + e.getMessage(), e);
        }
    }

    /** @return the bootstrap servers string, {@code 127.0.0.1:port} */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /**
     * Publishes one record and waits until Kafka has it.
     *
     * @param headers header names and values, in pairs
     */
    public void publish(String topic, String key, byte[] value, String... headers) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            record.headers().add(new RecordHeader(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8)));
        }
        try {
            producer().send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic + ": " + e.getMessage(), e);
        }
    }

    /** Publishes records in order, as one producer does, and waits until Kafka has them all. */
    public void publishAll(List<ProducerRecord<String, byte[]>> records) {
        try {
            KafkaProducer<String, byte[]> out = producer();
            records.forEach(out::send);
            out.flush();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot publish test records: " + e.getMessage(), e);
        }
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                    ProducerConfig.LINGER_MS_CONFIG, 0),
                    new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private void run(int controllerPort) throws Exception {
        // A fatal broker fault must fail the test, not end the test JVM.
        SingleNodeKraft.guardAgainstExit((code, message) -> { });
        server = SingleNodeKraft.start(SingleNodeKraft.settings(port, controllerPort, logDir, "PLAINTEXT"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            List<NewTopic> topics = Topics.ALL.stream().map(t -> new NewTopic(t.name(), t.partitions(), (short) 1)).toList();
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        }
    }

    /** Stops the broker and deletes its log directory. */
    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
            producer = null;
        }
        if (server != null) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } finally {
                server = null;
            }
        }
        try (Stream<Path> files = Files.walk(logDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // Left in the temporary directory; nothing else depends on it.
        }
    }
}
