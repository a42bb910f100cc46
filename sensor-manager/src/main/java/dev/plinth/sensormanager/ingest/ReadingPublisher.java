package dev.plinth.sensormanager.ingest;

import dev.plinth.contracts.events.Topics;
import dev.plinth.kit.control.FailureLog;
import dev.plinth.kit.heartbeat.KafkaLink;
import dev.plinth.kit.kafka.KafkaCredentials;
import dev.plinth.sensormanager.SensorMetrics;
import dev.plinth.sensormanager.SensorSettings;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Sends accepted readings to {@code sensor.readings} (keyed by sensor id) and alerts to
 * {@code platform.alerts}, through one Kafka producer of its own that batches: records wait up to
 * {@code plinth.sensors.kafka-linger} so thousands go in one request. Sending never waits for Kafka
 * on the caller's thread (unless the producer's buffer is full, which slows ingestion down rather
 * than dropping readings).
 */
@Singleton
public class ReadingPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(ReadingPublisher.class);

    private final KafkaProducer<String, byte[]> producer;
    private final SensorMetrics metrics;
    private final KafkaLink link;
    private final FailureLog failures = new FailureLog(LOG, "cannot send readings and alerts to Kafka",
            "readings and alerts reach Kafka again");

    public ReadingPublisher(@Value("${kafka.bootstrap.servers}") String bootstrapServers, SensorSettings settings,
                            SensorMetrics metrics, KafkaLink link, Environment environment) {
        this.metrics = metrics;
        this.link = link;
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // Signs in as the context's micronaut-kafka clients do (kafka.security.protocol, kafka.sasl.*).
        config.putAll(KafkaCredentials.clientProperties(environment));
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "sensor-manager-readings");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.LINGER_MS_CONFIG, (int) settings.kafkaLinger().toMillis());
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.ACKS_CONFIG, "1");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        this.producer = new KafkaProducer<>(config);
    }

    /**
     * @param sensorId the record key
     * @param json     the reading's JSON
     * @return completes when Kafka has it, exceptionally when it cannot be sent
     */
    public CompletableFuture<Void> publishReading(String sensorId, byte[] json) {
        return send(Topics.SENSOR_READINGS, sensorId, json);
    }

    /**
     * @param subject the alert's subject, the record key
     * @param json    the alert's JSON
     * @return completes when Kafka has it
     */
    public CompletableFuture<Void> publishAlert(String subject, byte[] json) {
        return send(Topics.ALERTS, subject, json);
    }

    private CompletableFuture<Void> send(String topic, String key, byte[] value) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                if (error == null) {
                    failures.recovered();
                    done.complete(null);
                } else {
                    failed(topic, error);
                    done.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            failed(topic, e);
            done.completeExceptionally(e);
        }
        return done;
    }

    private void failed(String topic, Throwable error) {
        if (Topics.SENSOR_READINGS.equals(topic)) {
            metrics.publishFailed();
        }
        link.failed(String.valueOf(error.getMessage()));
        failures.failed(error.getMessage() + " (topic " + topic + ")");
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
