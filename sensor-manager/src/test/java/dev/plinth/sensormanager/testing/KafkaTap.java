package dev.plinth.sensormanager.testing;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads a topic from its end as of creation, on a thread of its own, and keeps every record, so a
 * test can see what sensor-manager published. No consumer group: it never takes records from one.
 */
public final class KafkaTap implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;

    public KafkaTap(String topic) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServers.get().kafkaBootstrap());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        poller = new Thread(this::poll, "kafka-tap-" + topic);
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        while (running) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                synchronized (records) {
                    records.add(record);
                }
            }
        }
        consumer.close(Duration.ofSeconds(1));
    }

    /** @return the records seen so far that match */
    public List<ConsumerRecord<String, byte[]>> records(Predicate<ConsumerRecord<String, byte[]>> filter) {
        synchronized (records) {
            return records.stream().filter(filter).toList();
        }
    }

    /** @return the records seen so far with this key */
    public List<ConsumerRecord<String, byte[]>> withKey(String key) {
        return records(r -> key.equals(r.key()));
    }

    @Override
    public void close() {
        running = false;
    }

    /** @return a list copy, for assertions */
    public List<ConsumerRecord<String, byte[]>> all() {
        synchronized (records) {
            return new ArrayList<>(records);
        }
    }
}
