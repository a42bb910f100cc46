package dev.plinth.gateway.apps.endpoints;

import dev.plinth.contracts.events.InstanceState;
import dev.plinth.contracts.events.InstanceStatus;
import dev.plinth.contracts.events.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds instance status events to the endpoint table. Every gateway replica must see every event,
 * so each process joins its own consumer group ({@code uniqueGroupId}); it starts at the newest
 * event (the resync from MongoDB covers what came before) and commits no offsets, since a restarted
 * gateway is a new group anyway.
 */
@KafkaListener(groupId = "api-gateway-endpoints", uniqueGroupId = true, offsetReset = OffsetReset.LATEST,
        offsetStrategy = OffsetStrategy.DISABLED)
public class InstanceStatusListener {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceStatusListener.class);

    private final AppEndpoints endpoints;

    public InstanceStatusListener(AppEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Topic(Topics.INSTANCE_STATUS)
    void receive(InstanceStatus status) {
        if (status.instanceId() == null || status.state() == null) {
            LOG.warn("ignoring an instance status without instance id or state: {}", status);
            return;
        }
        if (status.state() == InstanceState.HEALTHY && (status.app() == null || status.host() == null
                || status.host().isBlank() || status.port() <= 0 || status.port() > 65535)) {
            LOG.warn("ignoring HEALTHY status of {}: it lacks an app, a host or a valid port", status.instanceId());
            return;
        }
        endpoints.apply(status);
    }
}
