package dev.plinth.appcontroller.deployments;

import dev.plinth.contracts.events.DeploymentEvent;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.UUID;

/**
 * Wakes the deployer up when a deployment's desired state changed. The deployment record is the
 * truth and the deployer resyncs periodically, so a publishing failure is logged, not fatal.
 */
@Singleton
public class DeploymentEvents {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentEvents.class);

    private final DeploymentEventsClient client;
    private final Clock clock;

    public DeploymentEvents(DeploymentEventsClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** The deployment should run its version with its instance count. */
    public void desired(DeploymentRecord d) {
        publish(DeploymentEvent.Type.DESIRED, d, null);
    }

    /** The deployment should run nothing any more. */
    public void stopped(DeploymentRecord d, @Nullable String reason) {
        publish(DeploymentEvent.Type.STOPPED, d, reason);
    }

    private void publish(DeploymentEvent.Type type, DeploymentRecord d, @Nullable String reason) {
        DeploymentEvent event = new DeploymentEvent(UUID.randomUUID().toString(), type, d.id(), d.app(), d.version(),
                d.instances(), d.generation(), reason, clock.instant());
        try {
            client.send(d.id(), event);
        } catch (RuntimeException e) {
            LOG.warn("could not publish {} for deployment {} on Kafka (the change is saved; the deployer resyncs): {}",
                    type, d.id(), e.getMessage());
        }
    }
}
