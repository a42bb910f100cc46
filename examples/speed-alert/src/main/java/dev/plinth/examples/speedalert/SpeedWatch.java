package dev.plinth.examples.speedalert;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides when a vehicle drives too fast: an alert when a sensor's speed goes above the threshold,
 * one per excursion. A sensor is armed again once it drops {@link #REARM_MARGIN_KMH} below the
 * threshold, so a car cruising right at the limit does not beep at every reading.
 *
 * <p>No I/O here: {@link SpeedAlert} feeds readings in and sends the alerts out.</p>
 */
final class SpeedWatch {

    /** How far below the threshold a sensor must drop before it can raise another alert. */
    static final double REARM_MARGIN_KMH = 5;

    private final double thresholdKmh;
    /** Sensor id → whether it is above the threshold (and has alerted) now. */
    private final Map<String, Boolean> alerting = new ConcurrentHashMap<>();
    private final AtomicLong readings = new AtomicLong();
    private final AtomicLong alerts = new AtomicLong();

    SpeedWatch(double thresholdKmh) {
        if (!(thresholdKmh > 0)) {
            throw new IllegalArgumentException("the threshold must be a positive number of km/h, not " + thresholdKmh);
        }
        this.thresholdKmh = thresholdKmh;
    }

    /**
     * Takes one reading.
     *
     * @param sensorId the sensor
     * @param speedKmh its speed
     * @return the alert to raise, if this reading is the one that passed the threshold
     */
    Optional<Alert> observe(String sensorId, double speedKmh) {
        readings.incrementAndGet();
        Alert[] raised = new Alert[1];
        alerting.compute(sensorId, (id, was) -> {
            boolean wasAlerting = Boolean.TRUE.equals(was);
            if (speedKmh > thresholdKmh) {
                if (!wasAlerting) {
                    raised[0] = new Alert(sensorId, speedKmh, thresholdKmh);
                }
                return true;
            }
            return wasAlerting && speedKmh > thresholdKmh - REARM_MARGIN_KMH;
        });
        if (raised[0] != null) {
            alerts.incrementAndGet();
        }
        return Optional.ofNullable(raised[0]);
    }

    double thresholdKmh() {
        return thresholdKmh;
    }

    long readingsSeen() {
        return readings.get();
    }

    long alertsRaised() {
        return alerts.get();
    }

    /**
     * A vehicle above the threshold.
     *
     * @param sensorId     the sensor that measured it
     * @param speedKmh     its speed
     * @param thresholdKmh the threshold it passed
     */
    record Alert(String sensorId, double speedKmh, double thresholdKmh) {

        /** @return the command for the buzzer: {@code {"action":"beep","sensor":…,"speedKmh":…}} */
        Map<String, Object> command() {
            return Map.of("action", "beep", "sensor", sensorId, "speedKmh", speedKmh);
        }

        /** @return the line logged for it */
        String logLine() {
            return String.format(java.util.Locale.ROOT, "ALERT %s at %.1f km/h (threshold %.0f km/h)", sensorId, speedKmh, thresholdKmh);
        }
    }
}
