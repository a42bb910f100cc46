package dev.plinth.appcontroller.testing;

import dev.plinth.appcontroller.deployments.DeploymentEventsClient;
import dev.plinth.contracts.events.DeploymentEvent;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for the Kafka client in tests: keeps what would have been sent on {@code deployment.events}. */
@Singleton
@Requires(property = "plinth.test.kafka", notEquals = "real")
@Replaces(DeploymentEventsClient.class)
public class RecordingDeploymentEvents implements DeploymentEventsClient {

    /**
     * One record.
     *
     * @param key   its key
     * @param event its value
     */
    public record Sent(String key, DeploymentEvent event) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    @Override
    public void send(String deploymentId, DeploymentEvent event) {
        sent.add(new Sent(deploymentId, event));
    }

    /** @return everything sent, in order */
    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** @return the events sent, in order */
    public List<DeploymentEvent> events() {
        return sent.stream().map(Sent::event).toList();
    }

    /** Forgets everything sent. */
    public void clear() {
        sent.clear();
    }
}
