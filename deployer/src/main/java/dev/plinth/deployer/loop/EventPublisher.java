package dev.plinth.deployer.loop;

import dev.plinth.contracts.events.DeploymentEvent;
import dev.plinth.kit.heartbeat.KafkaLink;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import dev.plinth.kit.control.FailureLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Sends deployment events from a thread of its own, so a slow or unreachable Kafka never holds up
 * the reconcile worker. Events only wake others up (the state is in MongoDB), so one that cannot
 * be delivered is logged and dropped; the readers' resyncs catch up.
 */
@Singleton
public class EventPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

    private final DeploymentEventClient client;
    private final KafkaLink link;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "deployer-events");
        thread.setDaemon(true);
        return thread;
    });
    private final FailureLog failures = new FailureLog(LOG, "cannot publish deployment events, dropping them until Kafka answers",
            "deployment events reach Kafka again");

    public EventPublisher(DeploymentEventClient client, KafkaLink link) {
        this.client = client;
        this.link = link;
    }

    /** Queues an event for sending. */
    public void publish(DeploymentEvent event) {
        sender.execute(() -> send(event));
    }

    private void send(DeploymentEvent event) {
        try {
            client.send(event.deploymentId(), event);
            link.delivered();
            failures.recovered();
        } catch (RuntimeException e) {
            link.failed(String.valueOf(e.getMessage()));
            failures.failed(e);
        }
    }

    @Override
    @PreDestroy
    public void close() {
        sender.shutdown();
        try {
            if (!sender.awaitTermination(5, TimeUnit.SECONDS)) {
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            sender.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
