package dev.plinth.sensormanager.ingest;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.plinth.contracts.state.MqttTopics;
import dev.plinth.sensormanager.mqtt.MqttConnection;
import io.micronaut.context.annotation.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes devices' readings from the broker: {@code $share/{group}/devices/+/telemetry} at QoS 1, so
 * several sensor-manager processes split the devices between them. The device id is the topic's
 * second level; the broker lets a device publish on its own topic only.
 */
@Context
public class TelemetrySubscriber {

    private static final Logger LOG = LoggerFactory.getLogger(TelemetrySubscriber.class);

    private final Ingestion ingestion;

    public TelemetrySubscriber(MqttConnection connection, Ingestion ingestion) {
        this.ingestion = ingestion;
        connection.subscribe(connection.shared(MqttTopics.ALL_DEVICE_TELEMETRY), MqttQos.AT_LEAST_ONCE,
                this::receive);
    }

    private void receive(Mqtt5Publish publish) {
        String device = MqttTopics.telemetryDevice(publish.getTopic().toString()).orElse(null);
        if (device == null) {
            return;
        }
        Ingestion.Outcome outcome = ingestion.fromBroker(device, publish.getPayloadAsBytes());
        if (outcome.verdict() != Ingestion.Verdict.ACCEPTED && LOG.isDebugEnabled()) {
            LOG.debug("refused a reading of {}: {}", device, outcome.problem());
        }
    }
}
