package dev.plinth.sensormanager;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * sensor-manager's settings, under {@code plinth.sensors}. The defaults run on one machine.
 *
 * @param retention            how long readings are kept in the history (default 7 days)
 * @param sweepInterval        how often readings older than the retention are removed
 * @param rejectionWindow      the window in which rejected readings of one device are counted
 * @param rejectionThreshold   rejected readings of one device within the window that raise an
 *                             {@code UNREGISTERED_DEVICE} alert (one alert per device and window)
 * @param activityFlushInterval how often each device's last reading and counters are written to
 *                             MongoDB: devices are not written once per reading
 * @param directoryRefresh     how often the in-memory directory of devices and types is reloaded,
 *                             to see changes made by other sensor-manager processes
 * @param bindingResync        how often bindings are recomputed from active deployments and devices,
 *                             besides each deployment event
 * @param kafkaLinger          how long accepted readings wait to be sent to Kafka in one batch
 * @param deliveryInFlight     MQTT publishes to apps that may await the broker's acknowledgement at
 *                             once; delivery waits when this many are outstanding
 * @param maxPayloadBytes      the largest reading or command accepted
 */
@ConfigurationProperties("plinth.sensors")
public record SensorSettings(
        @Bindable(defaultValue = "7d") Duration retention,
        @Bindable(defaultValue = "1m") Duration sweepInterval,
        @Bindable(defaultValue = "1m") Duration rejectionWindow,
        @Bindable(defaultValue = "20") int rejectionThreshold,
        @Bindable(defaultValue = "1s") Duration activityFlushInterval,
        @Bindable(defaultValue = "10s") Duration directoryRefresh,
        @Bindable(defaultValue = "5s") Duration bindingResync,
        @Bindable(defaultValue = "10ms") Duration kafkaLinger,
        @Bindable(defaultValue = "2048") int deliveryInFlight,
        @Bindable(defaultValue = "65536") int maxPayloadBytes) {

    public SensorSettings {
        if (retention.toSeconds() < 1) {
            throw new IllegalArgumentException("plinth.sensors.retention must be at least one second, as 7d or 12h; it is " + retention);
        }
        if (rejectionThreshold < 1) {
            throw new IllegalArgumentException("plinth.sensors.rejection-threshold must be at least 1; it is " + rejectionThreshold);
        }
        deliveryInFlight = Math.max(1, deliveryInFlight);
        maxPayloadBytes = Math.max(1024, maxPayloadBytes);
    }
}
