package dev.plinth.sensormanager;

import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the sensor pipeline since this process started, kept in memory and shown in the
 * health details ({@code sensor-pipeline}). LongAdders, because ingestion and delivery threads
 * count concurrently on the hot path.
 */
@Singleton
public class SensorMetrics {

    private final LongAdder accepted = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder publishFailed = new LongAdder();
    private final LongAdder stored = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder deliveryFailed = new LongAdder();
    private final LongAdder commandsForwarded = new LongAdder();
    private final LongAdder commandsRejected = new LongAdder();
    private final LongAdder alerts = new LongAdder();

    /** A reading was accepted and handed to Kafka. */
    public void accepted() {
        accepted.increment();
    }

    /** A reading was refused. */
    public void rejected() {
        rejected.increment();
    }

    /** Kafka did not take an accepted reading. */
    public void publishFailed() {
        publishFailed.increment();
    }

    /** Readings were written to the history. */
    public void stored(int count) {
        stored.add(count);
    }

    /** A reading reached the broker for one app's requirement. */
    public void delivered() {
        delivered.increment();
    }

    /** A reading could not be handed to the broker for an app. */
    public void deliveryFailed() {
        deliveryFailed.increment();
    }

    /** A command went to a controller. */
    public void commandForwarded() {
        commandsForwarded.increment();
    }

    /** A command was refused. */
    public void commandRejected() {
        commandsRejected.increment();
    }

    /** An alert was raised. */
    public void alerted() {
        alerts.increment();
    }

    /** @return accepted readings so far */
    public long acceptedCount() {
        return accepted.sum();
    }

    /** @return rejected readings so far */
    public long rejectedCount() {
        return rejected.sum();
    }

    /** @return readings delivered to apps so far */
    public long deliveredCount() {
        return delivered.sum();
    }

    /** @return commands forwarded so far */
    public long commandsForwardedCount() {
        return commandsForwarded.sum();
    }

    /** @return commands refused so far */
    public long commandsRejectedCount() {
        return commandsRejected.sum();
    }

    /** @return every counter by name */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("readingsAccepted", accepted.sum());
        out.put("readingsRejected", rejected.sum());
        out.put("readingsNotPublished", publishFailed.sum());
        out.put("readingsStored", stored.sum());
        out.put("readingsDelivered", delivered.sum());
        out.put("deliveriesFailed", deliveryFailed.sum());
        out.put("commandsForwarded", commandsForwarded.sum());
        out.put("commandsRejected", commandsRejected.sum());
        out.put("alertsRaised", alerts.sum());
        return out;
    }
}
