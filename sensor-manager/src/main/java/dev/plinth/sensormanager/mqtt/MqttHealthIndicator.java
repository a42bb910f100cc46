package dev.plinth.sensormanager.mqtt;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;

import java.util.Map;

/** Whether sensor-manager is connected to the MQTT broker. */
@Singleton
public class MqttHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final MqttConnection connection;

    public MqttHealthIndicator(MqttConnection connection) {
        this.connection = connection;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        healthStatus = connection.connected() ? HealthStatus.UP : HealthStatus.DOWN;
        return Map.of("url", connection.url(), "connected", connection.connected());
    }

    @Override
    protected String getName() {
        return "mqtt";
    }
}
