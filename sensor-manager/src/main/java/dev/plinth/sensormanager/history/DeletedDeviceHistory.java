package dev.plinth.sensormanager.history;

import dev.plinth.sensormanager.registry.Device;
import dev.plinth.sensormanager.registry.DeviceStore;
import dev.plinth.sensormanager.registry.DevicesChanged;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;

/**
 * Removes the history of a device deleted in this process. Reads already ignore readings older than
 * the current device of an id ({@link ReadingQueries}); this frees the space at once instead of at
 * the end of the retention. When the id was registered again meanwhile, only readings from before
 * that registration go.
 */
@Singleton
public class DeletedDeviceHistory {

    private static final Logger LOG = LoggerFactory.getLogger(DeletedDeviceHistory.class);

    private final ReadingStore readings;
    private final DeviceStore devices;
    private final Clock clock = Clock.systemUTC();

    public DeletedDeviceHistory(ReadingStore readings, DeviceStore devices) {
        this.readings = readings;
        this.devices = devices;
    }

    @EventListener
    void onDevicesChanged(DevicesChanged change) {
        if (!change.deleted()) {
            return;
        }
        try {
            Instant cutoff = devices.find(change.deviceId()).map(Device::createdAt).orElse(clock.instant());
            long removed = readings.deleteOfSensor(change.deviceId(), cutoff == null ? Instant.EPOCH : cutoff);
            LOG.info("removed {} readings of the deleted device {}", removed, change.deviceId());
        } catch (RuntimeException e) {
            LOG.warn("cannot remove the readings of the deleted device {} now (the retention will): {}", change.deviceId(), e.getMessage());
        }
    }
}
