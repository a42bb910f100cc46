package dev.plinth.agent.logs;

import dev.plinth.contracts.events.LogRecord;
import dev.plinth.contracts.events.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.configuration.kafka.annotation.KafkaKey;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.concurrent.CompletableFuture;

/** Publishes log records without waiting for each one; the producer batches them. */
@KafkaClient(id = "platform-logs", acks = KafkaClient.Acknowledge.ONE)
public interface LogRecordClient {

    /**
     * @param sourceName the record key: the instance id, or the agent's name
     * @param record     the line
     * @return completes when Kafka has it
     */
    @Topic(Topics.PLATFORM_LOGS)
    CompletableFuture<RecordMetadata> send(@KafkaKey String sourceName, LogRecord record);
}
