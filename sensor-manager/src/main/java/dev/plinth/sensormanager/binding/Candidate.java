package dev.plinth.sensormanager.binding;

import dev.plinth.sensormanager.registry.Device;
import dev.plinth.sensormanager.registry.DeviceKind;

import java.util.Map;

/**
 * A registered device, as far as binding cares.
 *
 * @param id     the device id
 * @param kind   sensor or controller
 * @param type   its type
 * @param labels its labels
 */
public record Candidate(String id, DeviceKind kind, String type, Map<String, String> labels) {

    public Candidate {
        labels = Map.copyOf(labels == null ? Map.of() : labels);
    }

    /** @return the candidate of a registered device */
    public static Candidate of(Device device) {
        return new Candidate(device.id(), device.kind(), device.type(), device.labels());
    }

    /** @return whether this device can serve the requirement */
    public boolean fits(Requirement requirement) {
        if (kind != requirement.kind() || !type.equals(requirement.type())) {
            return false;
        }
        for (Map.Entry<String, String> wanted : requirement.where().entrySet()) {
            if (!wanted.getValue().equals(labels.get(wanted.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
