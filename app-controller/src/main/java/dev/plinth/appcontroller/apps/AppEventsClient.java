package dev.plinth.appcontroller.apps;

import dev.plinth.contracts.events.AppEvent;
import dev.plinth.contracts.events.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.configuration.kafka.annotation.KafkaKey;
import io.micronaut.configuration.kafka.annotation.Topic;

/** Publishes {@link AppEvent}s on {@code app.events}, keyed by app name so an app's events stay in order. */
@KafkaClient(id = "app-controller-app-events", acks = KafkaClient.Acknowledge.ALL)
public interface AppEventsClient {

    /**
     * Sends an event and waits for Kafka to acknowledge it.
     *
     * @param app   the app's name, the record key
     * @param event the event
     */
    @Topic(Topics.APP_EVENTS)
    void send(@KafkaKey String app, AppEvent event);
}
