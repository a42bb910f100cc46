package dev.plinth.contracts.events;

/**
 * A Kafka topic Plinth uses.
 *
 * @param name        the topic name
 * @param partitions  how many partitions it is created with
 * @param key         what its records are keyed by, which decides their order
 * @param retentionMs how long the broker keeps records, in milliseconds
 */
public record TopicSpec(String name, int partitions, String key, long retentionMs) {
}
