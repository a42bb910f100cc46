package dev.plinth.sensormanager;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * The pipeline's counters in the health details. Always UP: the MQTT, Kafka and MongoDB
 * indicators say whether the links work; this one says what went through them.
 */
@Singleton
public class SensorPipelineHealthIndicator extends AbstractHealthIndicator<Map<String, Long>> {

    private final SensorMetrics metrics;

    public SensorPipelineHealthIndicator(SensorMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected Map<String, Long> getHealthInformation() {
        healthStatus = HealthStatus.UP;
        return metrics.snapshot();
    }

    @Override
    protected String getName() {
        return "sensor-pipeline";
    }
}
