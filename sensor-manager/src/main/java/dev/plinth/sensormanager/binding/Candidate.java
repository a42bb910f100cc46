package dev.plinth.sensormanager.binding;

import dev.plinth.sensormanager.registry.Device;
import dev.plinth.sensormanager.registry.DeviceKind;
import dev.plinth.sensormanager.registry.Sharing;

import java.util.Map;

/**
 * A registered device, as far as binding cares.
 *
 * @param id     the device id
 * @param kind   sensor or controller
 * @param type   its type
 * @param labels  its labels
 * @param owner   who registered it
 * @param sharing whose apps besides the owner's may bind it
 */
public record Candidate(String id, DeviceKind kind, String type, Map<String, String> labels, String owner, Sharing sharing) {

    public Candidate {
        labels = Map.copyOf(labels == null ? Map.of() : labels);
        sharing = sharing == null ? Sharing.NONE : sharing;
    }

    /** @return the candidate of a registered device */
    public static Candidate of(Device device) {
        return new Candidate(device.id(), device.kind(), device.type(), device.labels(), device.owner(), device.sharing());
    }

    /** @return whether apps of this user may bind the device: their own, or shared with them or with everyone */
    public boolean reachableBy(String appOwner) {
        return sharing.reaches(owner, appOwner);
    }

    /** @return whether this device can serve the requirement, whoever may use it */
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
