package dev.plinth.sdk;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;

import dev.plinth.contracts.state.MqttTopics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays sensor-manager's part of docs/sensors.md on a real broker: publishes readings to
 * {@code apps/{app}/sensors/{name}} and records what apps publish.
 */
final class SensorManagerStandIn implements AutoCloseable {

    /** A message an app published. */
    record Received(String topic, String payload) {
    }

    private final Mqtt5BlockingClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    SensorManagerStandIn(URI broker) {
        client = MqttClient.builder().useMqttVersion5()
                .identifier("service:sensor-manager-test")
                .serverHost(broker.getHost())
                .serverPort(broker.getPort())
                .buildBlocking();
        client.toAsync().publishes(MqttGlobalPublishFilter.ALL,
                p -> received.add(new Received(p.getTopic().toString(), new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8))));
        client.connectWith().cleanStart(true).send();
    }

    /** Subscribes (QoS 1) to what apps publish. */
    void listen(String topicFilter) {
        client.subscribeWith().topicFilter(topicFilter).qos(MqttQos.AT_LEAST_ONCE).send();
    }

    List<Received> received() {
        return received;
    }

    /** Publishes one reading as delivered to apps, waiting for the broker's acknowledgement. */
    void reading(String app, String name, String readingId, String sensorId, double speedKmh) {
        Instant now = Instant.now();
        String json = """
                {"readingId":"%s","sensorId":"%s","type":"vehicle-speed","values":{"speedKmh":%s},\
                "deviceTime":"%s","receivedAt":"%s"}""".formatted(readingId, sensorId, speedKmh, now.minusMillis(40), now);
        publish(MqttTopics.appSensor(app, name), json);
    }

    void publish(String topic, String json) {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(json.getBytes(StandardCharsets.UTF_8)).send();
    }

    @Override
    public void close() {
        client.disconnect();
    }
}
