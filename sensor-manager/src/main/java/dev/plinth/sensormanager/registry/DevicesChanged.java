package dev.plinth.sensormanager.registry;

/**
 * A device was registered, deleted or shared differently in this process: the bindings are
 * recomputed at once instead of at the next resync, and a deleted device's history is removed.
 *
 * @param deviceId the device
 * @param deleted  whether it was deleted
 */
public record DevicesChanged(String deviceId, boolean deleted) {
}
