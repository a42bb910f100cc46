package dev.plinth.monitor.detect;

import dev.plinth.contracts.events.Alert;
import dev.plinth.contracts.events.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.configuration.kafka.annotation.KafkaKey;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.messaging.annotation.MessageHeader;

/** Publishes the detectors' alerts on {@code platform.alerts}, keyed by subject. Each call waits for Kafka. */
@KafkaClient(id = "monitor-detectors", acks = KafkaClient.Acknowledge.ALL)
public interface AlertClient {

    /**
     * @param subject the record key
     * @param alert   the alert to raise
     */
    @Topic(Topics.ALERTS)
    void raise(@KafkaKey String subject, Alert alert);

    /**
     * @param subject  the record key
     * @param alert    the resolution (severity INFO, message saying what recovered)
     * @param resolves the value of the {@link Alert#RESOLVES_HEADER} header
     */
    @Topic(Topics.ALERTS)
    void resolve(@KafkaKey String subject, Alert alert, @MessageHeader(Alert.RESOLVES_HEADER) String resolves);
}
