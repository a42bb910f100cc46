package dev.plinth.testkit.kafka;

import dev.plinth.testkit.wait.Waits;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Reads every partition of one topic on a thread of its own and keeps every record, decoded, so a
 * test can see (and wait for) what the code under test published. It joins no consumer group, so it
 * never takes records from the platform's consumers.
 *
 * @param <T> what a record is decoded to
 */
public final class TopicTap<T> implements AutoCloseable {

    /** Where reading starts. */
    public enum From {
        /** the first record the topic still holds */
        START,
        /** the end of the topic as the tap is made: only what comes after */
        NOW
    }

    /**
     * Turns a record into what the test looks at.
     *
     * @param <T> the decoded type
     */
    @FunctionalInterface
    public interface Decoder<T> {
        T decode(ConsumerRecord<String, byte[]> record) throws IOException;
    }

    private final String topic;
    private final List<T> records = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;

    /** @return a tap that keeps the records as they are (key, value bytes, headers) */
    public static TopicTap<ConsumerRecord<String, byte[]>> records(String bootstrapServers, String topic, From from) {
        return new TopicTap<>(bootstrapServers, topic, from, record -> record);
    }

    /** @return a tap that keeps each record's value decoded */
    public static <T> TopicTap<T> decoded(String bootstrapServers, String topic, From from, Decoder<T> decoder) {
        return new TopicTap<>(bootstrapServers, topic, from, decoder);
    }

    private TopicTap(String bootstrapServers, String topic, From from, Decoder<T> decoder) {
        this.topic = topic;
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        if (from == From.NOW) {
            consumer.seekToEnd(partitions);
        } else {
            consumer.seekToBeginning(partitions);
        }
        // Resolve the positions now, so "from now" means from the moment the tap was made.
        partitions.forEach(consumer::position);
        poller = new Thread(() -> poll(consumer, decoder), "topic-tap-" + topic);
        poller.setDaemon(true);
        poller.start();
    }

    private void poll(KafkaConsumer<String, byte[]> consumer, Decoder<T> decoder) {
        try (consumer) {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    try {
                        records.add(decoder.decode(record));
                    } catch (IOException e) {
                        throw new IllegalStateException("cannot decode a record of " + topic + ": "
                                + new String(record.value(), java.nio.charset.StandardCharsets.UTF_8), e);
                    }
                }
            }
        }
    }

    /** @return every record so far that matches, in the order read */
    public List<T> matching(Predicate<? super T> filter) {
        return records.stream().filter(filter).toList();
    }

    /** @return every record so far */
    public List<T> all() {
        return List.copyOf(records);
    }

    /**
     * Waits until a record matches.
     *
     * @return the first matching record
     * @throws AssertionError when none arrives in time, listing what did
     */
    public T await(Predicate<? super T> filter, Duration timeout, String what) {
        return Waits.until(what + " on " + topic, timeout,
                () -> matching(filter).stream().findFirst().orElse(null),
                () -> "records: " + records);
    }

    /** Stops reading; the records stay. */
    @Override
    public void close() {
        running = false;
        try {
            poller.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
