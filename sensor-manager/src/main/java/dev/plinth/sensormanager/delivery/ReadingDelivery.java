package dev.plinth.sensormanager.delivery;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import dev.plinth.contracts.events.Topics;
import dev.plinth.kit.control.FailureLog;
import dev.plinth.sensormanager.SensorMetrics;
import dev.plinth.sensormanager.SensorSettings;
import dev.plinth.sensormanager.binding.BindingIndex;
import dev.plinth.sensormanager.mqtt.MqttConnection;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Republishes each accepted reading from {@code sensor.readings} (group {@code sensor-delivery}) on
 * {@code apps/{app}/sensors/{name}} for every binding that includes its sensor, QoS 1. The Kafka
 * record's value is already the JSON apps get, so it is forwarded as is; the bindings come from
 * memory ({@link BindingIndex}). Publishes are asynchronous, on sensor-manager's publish-only
 * connections (one per sensor, so a sensor's readings stay in order), with at most
 * {@code plinth.sensors.delivery-in-flight} awaiting the broker; a batch's offsets are committed
 * (asynchronously) once the broker has every message of it, so a crash or an outage repeats
 * readings rather than losing them. Whether each reading reaches one instance of the app or all is the app's subscription
 * (shared or not); the broker keeps what a restarting instance missed in its persistent session.
 */
@KafkaListener(groupId = "sensor-delivery", batch = true, offsetReset = OffsetReset.LATEST, offsetStrategy = OffsetStrategy.ASYNC,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_ON_ERROR, retryDelay = "2s", retryCount = Integer.MAX_VALUE))
public class ReadingDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(ReadingDelivery.class);
    private static final long BATCH_TIMEOUT_SECONDS = 30;

    private final MqttConnection mqtt;
    private final BindingIndex bindings;
    private final SensorMetrics metrics;
    private final Semaphore inFlight;
    private final FailureLog failures = new FailureLog(LOG, "cannot deliver readings to apps over MQTT; each batch is retried",
            "readings reach apps over MQTT again");

    public ReadingDelivery(MqttConnection mqtt, BindingIndex bindings, SensorMetrics metrics, SensorSettings settings) {
        this.mqtt = mqtt;
        this.bindings = bindings;
        this.metrics = metrics;
        this.inFlight = new Semaphore(settings.deliveryInFlight());
    }

    @Topic(Topics.SENSOR_READINGS)
    void receive(List<ConsumerRecord<String, byte[]>> records) throws InterruptedException {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        AtomicInteger failed = new AtomicInteger();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.key() == null || record.value() == null) {
                continue;
            }
            for (String topic : bindings.topicsFor(record.key())) {
                if (!inFlight.tryAcquire(BATCH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    // The broker has acknowledged nothing for a while: poll this batch again later.
                    throw new IllegalStateException("the MQTT broker acknowledged no reading for " + BATCH_TIMEOUT_SECONDS + " s");
                }
                CompletableFuture<Void> publish;
                try {
                    publish = mqtt.publish(record.key(), topic, record.value(), MqttQos.AT_LEAST_ONCE);
                } catch (RuntimeException e) {
                    publish = CompletableFuture.failedFuture(e);
                }
                sent.add(publish.whenComplete((ok, error) -> {
                    inFlight.release();
                    if (error == null) {
                        metrics.delivered();
                    } else {
                        metrics.deliveryFailed();
                        failed.incrementAndGet();
                        failures.failed(error);
                    }
                }));
            }
        }
        if (sent.isEmpty()) {
            return;
        }
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(BATCH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // Counted and logged above; the batch is polled again, so delivered readings may repeat.
            throw new IllegalStateException(failed.get() + " of " + sent.size() + " deliveries of this batch failed", e);
        }
        failures.recovered();
    }
}
