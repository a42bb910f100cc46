package dev.plinth.monitor.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * When a sensor is silent: it sent readings before, and nothing for more than {@code periods}
 * times its expected period, and never less than {@code min}. Pure.
 */
public final class SensorSilenceRule {

    private SensorSilenceRule() {
    }

    /**
     * What the registry says of one sensor.
     *
     * @param id                    the device id
     * @param expectedPeriodSeconds how often it should send
     * @param lastSeenAt            when it last sent, or null when never
     */
    public record Sensor(String id, long expectedPeriodSeconds, Instant lastSeenAt) {
    }

    /**
     * @param raise   devices silent now and not alerted yet
     * @param resolve devices alerted that are not silent any more (or no longer registered)
     */
    public record Changes(Set<String> raise, Set<String> resolve) {
    }

    /** @return how long a sensor of this period may stay silent */
    public static Duration allowedSilence(long expectedPeriodSeconds, int periods, Duration min) {
        Duration byPeriod = Duration.ofSeconds(Math.max(0, expectedPeriodSeconds)).multipliedBy(Math.max(1, periods));
        return byPeriod.compareTo(min) > 0 ? byPeriod : min;
    }

    /** @return whether the sensor is silent now; sensors without a period or never seen are not */
    public static boolean silent(Sensor sensor, Instant now, int periods, Duration min) {
        if (sensor.lastSeenAt() == null || sensor.expectedPeriodSeconds() <= 0) {
            return false;
        }
        return Duration.between(sensor.lastSeenAt(), now).compareTo(allowedSilence(sensor.expectedPeriodSeconds(), periods, min)) > 0;
    }

    /**
     * @param sensors  every registered sensor, by id
     * @param alerting the devices alerted now
     * @param now      the time
     * @param periods  how many periods of silence are allowed
     * @param min      the shortest silence that counts
     * @return what to raise and what to resolve
     */
    public static Changes judge(Map<String, Sensor> sensors, Set<String> alerting, Instant now, int periods, Duration min) {
        Set<String> raise = new TreeSet<>();
        Set<String> resolve = new TreeSet<>();
        for (Sensor sensor : sensors.values()) {
            if (silent(sensor, now, periods, min) && !alerting.contains(sensor.id())) {
                raise.add(sensor.id());
            }
        }
        for (String id : alerting) {
            Sensor sensor = sensors.get(id);
            if (sensor == null || !silent(sensor, now, periods, min)) {
                resolve.add(id);
            }
        }
        return new Changes(raise, resolve);
    }
}
