package dev.plinth.bootstrapper.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.plinth.contracts.state.MqttTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulated buzzer: a controller device that signs in with its id and token, listens on
 * {@code devices/{id}/commands} (QoS 1) and logs a beep for each command, such as
 * {@code buzzer-1 beeps: car-3 at 97.4 km/h (a command of speed-alert)}. It subscribes again at
 * every connect, so it keeps listening across broker restarts.
 */
final class DemoBuzzer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoBuzzer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String id;
    private final String topic;
    private final Mqtt5AsyncClient client;
    private final AtomicLong beeps = new AtomicLong();
    private volatile boolean closed;

    /**
     * @param id     the device id (its MQTT username and client id)
     * @param token  its token
     * @param broker the broker, as {@code tcp://127.0.0.1:1883}
     */
    DemoBuzzer(String id, String token, URI broker) {
        this.id = id;
        this.topic = MqttTopics.deviceCommands(id);
        this.client = MqttClient.builder()
                .useMqttVersion5()
                .identifier(id)
                .serverHost(broker.getHost())
                .serverPort(broker.getPort() > 0 ? broker.getPort() : 1883)
                .simpleAuth().username(id).password(token.getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .automaticReconnect().initialDelay(250, TimeUnit.MILLISECONDS).maxDelay(5, TimeUnit.SECONDS).applyAutomaticReconnect()
                .addConnectedListener(context -> subscribe())
                .buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, this::command);
    }

    /** Starts connecting; the connection comes back by itself whenever it is lost. */
    void start() {
        client.connectWith().cleanStart(true).send().whenComplete((ack, error) -> {
            if (error != null && !closed) {
                LOG.warn("{} cannot reach the MQTT broker yet ({}); retrying", id, error.getMessage());
            }
        });
    }

    private void subscribe() {
        client.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send().whenComplete((ack, error) -> {
            if (error != null) {
                LOG.warn("{} cannot subscribe to its commands: {}", id, error.getMessage());
            } else if (ack.getReasonCodes().stream().anyMatch(code -> code.isError())) {
                LOG.warn("the MQTT broker refused {} its commands: {}", id, ack.getReasonCodes());
            }
        });
    }

    private void command(Mqtt5Publish publish) {
        beeps.incrementAndGet();
        LOG.info("{} beeps: {}", id, describe(publish.getPayloadAsBytes()));
    }

    /** {@code car-3 at 97.4 km/h (a command of speed-alert)}, or the payload as it came. */
    static String describe(byte[] payload) {
        try {
            JsonNode command = JSON.readTree(payload);
            JsonNode p = command.path("payload");
            String from = command.path("from").asText("?");
            if (p.path("sensor").isTextual() && p.path("speedKmh").isNumber()) {
                return String.format(Locale.ROOT, "%s at %.1f km/h (a command of %s)", p.path("sensor").asText(),
                        p.path("speedKmh").asDouble(), from);
            }
            return p + " (a command of " + from + ")";
        } catch (IOException e) {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** @return commands received since it started */
    long beeps() {
        return beeps.get();
    }

    /** @return whether the broker connection is up now */
    boolean connected() {
        return client.getState().isConnected();
    }

    @Override
    public void close() {
        closed = true;
        try {
            client.disconnect().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Not connected: nothing to say goodbye to.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
