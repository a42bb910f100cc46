package dev.plinth.deployer.loop;

import dev.plinth.contracts.events.InstanceStatus;
import dev.plinth.contracts.events.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;

import java.time.Duration;

/**
 * Wakes an instance's deployment when its agent reports a status change. node-manager records the
 * state in MongoDB from the same event, so this pass may run before that write: the deployment is
 * woken again shortly after (0.15 s, 0.5 s, 1 s) to see it, rather than waiting for the resync. A
 * reconcile is cheap, and a failed instance is replaced as soon as its state is recorded.
 */
@KafkaListener(groupId = "deployer-status", offsetReset = OffsetReset.LATEST)
public class InstanceStatusListener {

    private static final java.util.List<Duration> SETTLE = java.util.List.of(
            Duration.ofMillis(150), Duration.ofMillis(500), Duration.ofSeconds(1));

    private final ReconcileLoop loop;
    private final java.util.concurrent.ScheduledExecutorService timer =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "deployer-status-settle");
                t.setDaemon(true);
                return t;
            });

    public InstanceStatusListener(ReconcileLoop loop) {
        this.loop = loop;
    }

    @jakarta.annotation.PreDestroy
    void close() {
        timer.shutdownNow();
    }

    @Topic(Topics.INSTANCE_STATUS)
    void receive(InstanceStatus status) {
        loop.wake(status.deploymentId());
        String id = status.deploymentId();
        if (id == null) {
            return;
        }
        for (Duration delay : SETTLE) {
            timer.schedule(() -> loop.wake(id), delay.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }
}
