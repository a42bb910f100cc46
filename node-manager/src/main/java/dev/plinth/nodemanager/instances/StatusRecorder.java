package dev.plinth.nodemanager.instances;

import dev.plinth.contracts.events.InstanceStatus;
import dev.plinth.contracts.events.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.event.ApplicationEventPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records agents' reports from {@code instance.status} in the instance documents (group
 * {@code node-manager-status}: processes of node-manager share the work). An ended instance frees
 * its node's capacity, so its report wakes the control loop.
 */
@KafkaListener(groupId = "node-manager-status", offsetReset = OffsetReset.EARLIEST)
public class StatusRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(StatusRecorder.class);

    private final InstanceStore store;
    private final ApplicationEventPublisher<InstancesChanged> changes;

    public StatusRecorder(InstanceStore store, ApplicationEventPublisher<InstancesChanged> changes) {
        this.store = store;
        this.changes = changes;
    }

    @Topic(Topics.INSTANCE_STATUS)
    void receive(InstanceStatus status) {
        if (status.instanceId() == null || status.state() == null || status.timestamp() == null) {
            LOG.warn("incomplete instance status ignored: {}", status);
            return;
        }
        if (store.record(status)) {
            LOG.debug("instance {} is {} on {}", status.instanceId(), status.state(), status.nodeId());
            if (status.state().terminal()) {
                changes.publishEvent(new InstancesChanged("instance " + status.instanceId() + " " + status.state()));
            }
        } else {
            LOG.debug("report {} of {} ({}) from {} is stale or not for the bound node and generation; ignored",
                    status.eventId(), status.instanceId(), status.state(), status.nodeId());
        }
    }
}
