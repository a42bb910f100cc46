package dev.plinth.appcontroller.deployments;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.plinth.appcontroller.store.Database;
import dev.plinth.contracts.descriptor.AppDescriptor;
import dev.plinth.contracts.descriptor.ControllerRequirement;
import dev.plinth.contracts.descriptor.SensorRequirement;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.DeviceDocument;
import dev.plinth.contracts.validation.Problem;
import jakarta.inject.Singleton;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whether enough devices within the app owner's reach are registered for a version's sensors and
 * controllers, read from sensor-manager's {@code devices} collection ({@code kind}, {@code type},
 * {@code labels}, and {@code owner}, {@code sharedWith}, {@code sharedWithEveryone} for the reach:
 * the owner's own devices and those an admin shared with them or with everyone, the same rule
 * sensor-manager binds by). A deployment that needs more than there are is refused when it is asked
 * for, with what is missing; sensor-manager binds the devices once it runs. Labels are compared
 * here, not in the query: label keys may contain dots, which MongoDB queries cannot address.
 */
@Singleton
public class DeviceAvailability {

    private final Database db;

    public DeviceAvailability(Database db) {
        this.db = db;
    }

    /**
     * @param descriptor the version's descriptor
     * @param owner      the app's owner: only devices within their reach count
     * @return a problem for each requirement with fewer matching devices than it asks for, with
     *         paths {@code sensors[i]} and {@code controllers[i]}
     */
    public List<Problem> shortfalls(AppDescriptor descriptor, String owner) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < descriptor.sensors().size(); i++) {
            SensorRequirement s = descriptor.sensors().get(i);
            check("sensors[" + i + "]", DeviceDocument.SENSOR, s.type(), s.where(), s.count(), owner, problems);
        }
        for (int i = 0; i < descriptor.controllers().size(); i++) {
            ControllerRequirement c = descriptor.controllers().get(i);
            check("controllers[" + i + "]", DeviceDocument.CONTROLLER, c.type(), c.where(), c.count(), owner, problems);
        }
        return problems;
    }

    private void check(String path, String kind, String type, Map<String, String> where, int count, String owner,
                       List<Problem> problems) {
        int matching = 0;
        for (Document doc : db.collection(Collections.DEVICES).find(Filters.and(Filters.eq(DeviceDocument.KIND, kind),
                        Filters.eq(DeviceDocument.TYPE, type)))
                .projection(Projections.include(DeviceDocument.LABELS, DeviceDocument.OWNER, DeviceDocument.SHARED_WITH,
                        DeviceDocument.SHARED_WITH_EVERYONE))) {
            DeviceDocument device = DeviceDocument.read(doc);
            if (device.withinReachOf(owner) && carries(device.labels(), where)) {
                matching++;
            }
        }
        if (matching < count) {
            problems.add(new Problem(path, message(kind, type, where, count, owner, matching)));
        }
    }

    private static boolean carries(Map<String, String> labels, Map<String, String> where) {
        for (Map.Entry<String, String> wanted : where.entrySet()) {
            String value = labels.get(wanted.getKey());
            if (value == null || !wanted.getValue().equals(value)) {
                return false;
            }
        }
        return true;
    }

    /** @return as {@code needs 10 vehicle-speed sensors with route=A1; 3 are registered to ada or shared with ada} */
    static String message(String kind, String type, Map<String, String> where, int count, String owner, int matching) {
        StringBuilder selector = new StringBuilder();
        new TreeMap<>(where).forEach((k, v) -> selector.append(selector.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return "needs " + count + " " + type + " " + kind + (count == 1 ? "" : "s")
                + (selector.length() == 0 ? "" : " with " + selector) + "; "
                + matching + (matching == 1 ? " is" : " are") + " registered to " + owner + " or shared with " + owner;
    }
}
