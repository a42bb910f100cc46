package dev.plinth.monitor.detect;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Settings of the failure detectors ({@code plinth.monitor.*}).
 *
 * @param nodeLostAfter        a node that reported and then is silent this long is NODE_LOST
 * @param subsystemSilentAfter a subsystem silent, or reporting itself unhealthy, this long is SUBSYSTEM_DOWN
 * @param crashLoopFailures    more instance failures than this within the window is a CRASH_LOOP
 * @param crashLoopWindow      the window of the crash-loop count
 * @param sensorSilentPeriods  a sensor silent for more than this many expected periods is SENSOR_SILENT
 * @param sensorSilentMin      ... and never for less than this
 * @param sensorCheckInterval  how often the sensors are checked
 */
@ConfigurationProperties("plinth.monitor")
public record DetectorSettings(
        @Bindable(defaultValue = "10s") Duration nodeLostAfter,
        @Bindable(defaultValue = "10s") Duration subsystemSilentAfter,
        @Bindable(defaultValue = "3") int crashLoopFailures,
        @Bindable(defaultValue = "5m") Duration crashLoopWindow,
        @Bindable(defaultValue = "3") int sensorSilentPeriods,
        @Bindable(defaultValue = "10s") Duration sensorSilentMin,
        @Bindable(defaultValue = "5s") Duration sensorCheckInterval) {

    public DetectorSettings {
        for (Duration d : new Duration[]{nodeLostAfter, subsystemSilentAfter, crashLoopWindow, sensorSilentMin, sensorCheckInterval}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("plinth.monitor durations must be positive, as 10s; one is " + d);
            }
        }
        crashLoopFailures = Math.max(1, crashLoopFailures);
        sensorSilentPeriods = Math.max(1, sensorSilentPeriods);
    }
}
