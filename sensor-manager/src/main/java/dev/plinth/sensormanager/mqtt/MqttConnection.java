package dev.plinth.sensormanager.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * sensor-manager's MQTT 5 connection to the broker, reconnecting on its own with backoff when
 * the broker goes away.
 */
@Context
public class MqttConnection {

    private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);

    private final MqttSettings settings;
    private final Mqtt5AsyncClient client;

    public MqttConnection(MqttSettings settings) {
        this.settings = settings;
        Mqtt5ClientBuilder builder = MqttClient.builder()
                .useMqttVersion5()
                .identifier("plinth-sensor-manager-" + UUID.randomUUID())
                .serverHost(settings.url().getHost())
                .serverPort(settings.url().getPort() > 0 ? settings.url().getPort() : 1883)
                .automaticReconnect().initialDelay(200, TimeUnit.MILLISECONDS).maxDelay(5, TimeUnit.SECONDS).applyAutomaticReconnect()
                .addConnectedListener(c -> LOG.info("connected to the MQTT broker at {}", settings.url()))
                .addDisconnectedListener(c -> {
                    if (c.getSource() != com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource.USER) {
                        LOG.warn("lost the MQTT broker at {}: {}", settings.url(), c.getCause().getMessage());
                    }
                });
        if (settings.username() != null) {
            builder = builder.simpleAuth().username(settings.username())
                    .password(settings.password() == null ? new byte[0] : settings.password().getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth();
        }
        this.client = builder.buildAsync();
        client.connectWith().cleanStart(true).send().whenComplete((ack, error) -> {
            if (error != null) {
                LOG.warn("cannot connect to the MQTT broker at {} yet: {}; retrying", settings.url(), error.getMessage());
            }
        });
    }

    /** @return the client, for publishing and subscribing */
    public Mqtt5AsyncClient client() {
        return client;
    }

    /** @return whether the connection is up now */
    public boolean connected() {
        return client.getState().isConnected();
    }

    /** @return the broker's URL */
    public String url() {
        return settings.url().toString();
    }

    @PreDestroy
    void close() {
        try {
            client.disconnect().get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("MQTT disconnect: {}", e.getMessage());
        }
    }
}
