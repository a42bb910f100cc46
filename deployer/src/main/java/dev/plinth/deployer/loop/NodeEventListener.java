package dev.plinth.deployer.loop;

import dev.plinth.contracts.events.NodeEvent;
import dev.plinth.contracts.events.Topics;
import dev.plinth.deployer.store.InstanceRepository;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the deployments with instances on a node that node-manager just found lost or put to
 * draining, so their instances are replaced elsewhere now rather than at the next resync. The event
 * is only a wake-up: the {@code nodes} and {@code instances} documents are the truth.
 */
@KafkaListener(groupId = "deployer-nodes", offsetReset = OffsetReset.LATEST)
public class NodeEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(NodeEventListener.class);

    private final ReconcileLoop loop;
    private final InstanceRepository instances;

    public NodeEventListener(ReconcileLoop loop, InstanceRepository instances) {
        this.loop = loop;
        this.instances = instances;
    }

    @Topic(Topics.NODE_EVENTS)
    void receive(NodeEvent event) {
        if (!event.instancesMustMove() || !loop.holdsLease()) {
            return;
        }
        try {
            instances.deploymentsOnNode(event.nodeId()).forEach(loop::wake);
        } catch (RuntimeException e) {
            // The resync finds them.
            LOG.debug("cannot find the deployments on node {}: {}", event.nodeId(), e.getMessage());
        }
    }
}
