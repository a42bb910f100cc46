package dev.plinth.sensormanager.registry;

import dev.plinth.kit.control.FailureLog;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Devices and types in memory, for the ingestion path: a reading must not cost a MongoDB read.
 * Everything is reloaded every {@code plinth.sensors.directory-refresh} (other sensor-manager
 * processes register and delete devices too); changes made by this process apply at once. A device
 * id not in memory is looked up in MongoDB, at most every few seconds per id, so a device registered
 * elsewhere is known at its first reading and a stream from an unknown id costs no reads.
 */
@Singleton
public class DeviceDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceDirectory.class);
    private static final Duration NEGATIVE_FOR = Duration.ofSeconds(5);
    private static final int MAX_REMEMBERED_MISSES = 10_000;

    private final DeviceStore store;
    private final Clock clock = Clock.systemUTC();
    private volatile Map<String, Device> devices = new ConcurrentHashMap<>();
    private volatile Map<String, DeviceType> types = new ConcurrentHashMap<>();
    private final Map<String, Instant> misses = new ConcurrentHashMap<>();
    private final FailureLog failures = new FailureLog(LOG, "cannot load devices from MongoDB; using the last known ones",
            "the device directory is loaded from MongoDB again");

    public DeviceDirectory(DeviceStore store) {
        this.store = store;
    }

    @PostConstruct
    void loadAtStart() {
        reload();
    }

    /** Reloads every device and type from MongoDB; keeps what it has when MongoDB fails. */
    @Scheduled(fixedDelay = "${plinth.sensors.directory-refresh:10s}", initialDelay = "${plinth.sensors.directory-refresh:10s}")
    public void reload() {
        try {
            Map<String, DeviceType> loadedTypes = new ConcurrentHashMap<>();
            for (DeviceType type : store.types()) {
                loadedTypes.put(type.name(), type);
            }
            Map<String, Device> loadedDevices = new ConcurrentHashMap<>();
            for (Device device : store.all(null)) {
                loadedDevices.put(device.id(), device);
            }
            types = loadedTypes;
            devices = loadedDevices;
            misses.clear();
            failures.recovered();
        } catch (RuntimeException e) {
            failures.failed(e);
        }
    }

    /** @return the device, from memory or, for an id not seen lately, from MongoDB */
    public Optional<Device> device(String id) {
        Device known = devices.get(id);
        if (known != null) {
            return Optional.of(known);
        }
        Instant now = clock.instant();
        Instant missed = misses.get(id);
        if (missed != null && missed.plus(NEGATIVE_FOR).isAfter(now)) {
            return Optional.empty();
        }
        Optional<Device> found;
        try {
            found = store.find(id);
        } catch (RuntimeException e) {
            LOG.debug("cannot look up device {}: {}", id, e.getMessage());
            return Optional.empty();
        }
        if (found.isPresent()) {
            devices.put(id, found.get());
            misses.remove(id);
        } else {
            if (misses.size() >= MAX_REMEMBERED_MISSES) {
                misses.clear();
            }
            misses.put(id, now);
        }
        return found;
    }

    /** @return the type, from memory or from MongoDB */
    public Optional<DeviceType> type(String name) {
        DeviceType known = types.get(name);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            Optional<DeviceType> found = store.findType(name);
            found.ifPresent(t -> types.put(name, t));
            return found;
        } catch (RuntimeException e) {
            LOG.debug("cannot look up device type {}: {}", name, e.getMessage());
            return Optional.empty();
        }
    }

    /** This process registered or changed a device. */
    public void put(Device device) {
        devices.put(device.id(), device);
        misses.remove(device.id());
    }

    /** This process deleted a device. */
    public void remove(String id) {
        devices.remove(id);
    }

    /** This process registered a type. */
    public void put(DeviceType type) {
        types.put(type.name(), type);
    }

    /** @return how many devices are known, for health details */
    public int size() {
        return devices.size();
    }

    /** @return a copy of the known devices, by id */
    public Map<String, Device> snapshot() {
        return new HashMap<>(devices);
    }
}
