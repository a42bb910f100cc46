package dev.plinth.sensormanager.registry;

/**
 * A device was registered or deleted in this process: the bindings are recomputed at once instead
 * of at the next resync.
 *
 * @param deviceId the device
 */
public record DevicesChanged(String deviceId) {
}
