package dev.plinth.sensormanager.binding;

import dev.plinth.contracts.events.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Wakes the binding loop when a deployment changes. Every sensor-manager process listens in a group
 * of its own, from the newest event: the event only says "look again"; the records are the truth.
 */
@KafkaListener(groupId = "sensor-bindings", uniqueGroupId = true, offsetReset = OffsetReset.LATEST)
public class DeploymentWakeUps {

    private final BindingReconciler reconciler;

    public DeploymentWakeUps(BindingReconciler reconciler) {
        this.reconciler = reconciler;
    }

    @Topic(Topics.DEPLOYMENT_EVENTS)
    void receive(ConsumerRecord<String, byte[]> event) {
        reconciler.wake();
    }
}
