package dev.plinth.nodemanager.testinfra;

import io.micronaut.json.JsonMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Reads one topic from its start in a background thread and keeps every record, decoded with
 * Micronaut's JSON mapper, so a test can wait for what it expects to appear.
 *
 * @param <T> the record type
 */
public final class TopicRecorder<T> implements AutoCloseable {

    private final List<T> records = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public TopicRecorder(TestKafka kafka, String topic, Class<T> type, JsonMapper json) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        thread = new Thread(() -> {
            try (consumer) {
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        try {
                            records.add(json.readValue(record.value(), type));
                        } catch (IOException e) {
                            throw new IllegalStateException("cannot read a " + type.getSimpleName() + ": "
                                    + new String(record.value()), e);
                        }
                    }
                }
            }
        }, "test-recorder-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /** @return every record so far that matches */
    public List<T> matching(Predicate<T> filter) {
        List<T> found = new ArrayList<>();
        for (T record : records) {
            if (filter.test(record)) {
                found.add(record);
            }
        }
        return found;
    }

    /**
     * Waits until a record matches.
     *
     * @return the first matching record
     * @throws AssertionError when none arrives in time, listing what did
     */
    public T await(Predicate<T> filter, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<T> found = matching(filter);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
        throw new AssertionError("no record for: " + what + " within " + timeout.toSeconds() + " s; records: " + records);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
