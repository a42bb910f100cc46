package dev.plinth.sensormanager.ingest;

import dev.plinth.sensormanager.registry.DeviceStore;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import dev.plinth.kit.control.FailureLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each registered device's latest accepted reading and its accepted and refused counts, gathered in
 * memory and written to {@code devices} every {@code plinth.sensors.activity-flush-interval} in one
 * bulk write: a device sending ten readings a second costs one update a second, not ten.
 */
@Singleton
public class DeviceActivity {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceActivity.class);

    private final DeviceStore store;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final FailureLog failures = new FailureLog(LOG, "cannot write device activity to MongoDB, will retry",
            "device activity is written to MongoDB again");

    private static final class Pending {
        /** When the first of these events happened: they belong to the device registered before it. */
        Instant firstAt;
        Instant lastSeenAt;
        Map<String, Object> lastValues;
        Instant lastDeviceTime;
        String lastReadingId;
        long accepted;
        long rejected;
    }

    public DeviceActivity(DeviceStore store) {
        this.store = store;
    }

    /** A reading of a registered device was accepted. */
    public void accepted(String deviceId, String readingId, Map<String, Object> values, Instant deviceTime, Instant receivedAt) {
        pending.compute(deviceId, (id, p) -> {
            Pending next = p == null ? new Pending() : p;
            next.firstAt = next.firstAt == null || receivedAt.isBefore(next.firstAt) ? receivedAt : next.firstAt;
            if (next.lastSeenAt == null || !receivedAt.isBefore(next.lastSeenAt)) {
                next.lastSeenAt = receivedAt;
                next.lastValues = values;
                next.lastDeviceTime = deviceTime;
                next.lastReadingId = readingId;
            }
            next.accepted++;
            return next;
        });
    }

    /** A reading of a registered device was refused. */
    public void rejected(String deviceId) {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        pending.compute(deviceId, (id, p) -> {
            Pending next = p == null ? new Pending() : p;
            next.firstAt = next.firstAt == null || now.isBefore(next.firstAt) ? now : next.firstAt;
            next.rejected++;
            return next;
        });
    }

    /** Writes what gathered since the last flush; what cannot be written is kept for the next. */
    @Scheduled(fixedDelay = "${plinth.sensors.activity-flush-interval:1s}")
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<DeviceStore.Activity> batch = new ArrayList<>();
        for (String id : List.copyOf(pending.keySet())) {
            Pending p = pending.remove(id);
            if (p != null) {
                batch.add(new DeviceStore.Activity(id, p.firstAt, p.lastSeenAt, p.lastValues, p.lastDeviceTime, p.lastReadingId,
                        p.accepted, p.rejected));
            }
        }
        try {
            store.recordActivity(batch);
            failures.recovered();
        } catch (RuntimeException e) {
            failures.failed(e);
            for (DeviceStore.Activity a : batch) {
                restore(a);
            }
        }
    }

    private void restore(DeviceStore.Activity a) {
        pending.compute(a.id(), (id, p) -> {
            Pending next = p == null ? new Pending() : p;
            if (a.firstAt() != null && (next.firstAt == null || a.firstAt().isBefore(next.firstAt))) {
                next.firstAt = a.firstAt();
            }
            if (a.lastSeenAt() != null && (next.lastSeenAt == null || a.lastSeenAt().isAfter(next.lastSeenAt))) {
                next.lastSeenAt = a.lastSeenAt();
                next.lastValues = a.lastValues();
                next.lastDeviceTime = a.lastDeviceTime();
                next.lastReadingId = a.lastReadingId();
            }
            next.accepted += a.accepted();
            next.rejected += a.rejected();
            return next;
        });
    }

    @PreDestroy
    void close() {
        flush();
    }
}
