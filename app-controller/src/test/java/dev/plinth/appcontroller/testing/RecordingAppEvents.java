package dev.plinth.appcontroller.testing;

import dev.plinth.appcontroller.apps.AppEventsClient;
import dev.plinth.contracts.events.AppEvent;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for the Kafka client in tests: keeps what would have been sent on {@code app.events}. */
@Singleton
@Requires(property = "plinth.test.kafka", notEquals = "real")
@Replaces(AppEventsClient.class)
public class RecordingAppEvents implements AppEventsClient {

    /**
     * One record.
     *
     * @param key   its key
     * @param event its value
     */
    public record Sent(String key, AppEvent event) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    @Override
    public void send(String app, AppEvent event) {
        sent.add(new Sent(app, event));
    }

    /** @return everything sent, in order */
    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** Forgets everything sent. */
    public void clear() {
        sent.clear();
    }
}
