package dev.plinth.sensormanager.binding;

import dev.plinth.contracts.state.Collections;
import dev.plinth.sensormanager.registry.DeviceKind;
import io.micronaut.core.annotation.Nullable;
import org.bson.Document;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which devices one requirement of an app's deployment uses, as kept in {@code bindings}.
 *
 * @param app          the app
 * @param deploymentId its active deployment
 * @param requirement  the requirement
 * @param devices      the bound devices, by id
 * @param status       whether there are enough
 * @param reason       what is missing, when not
 * @param boundAt      when the device list last changed
 */
public record Binding(String app, String deploymentId, Requirement requirement, List<String> devices,
                      BindingStatus status, @Nullable String reason, Instant boundAt) {

    public Binding {
        devices = List.copyOf(devices);
    }

    /** @return the document id, {@code {deploymentId}/{kind}/{name}} (a sensor and a controller may share a name) */
    public String id() {
        return idOf(deploymentId, requirement.kind(), requirement.name());
    }

    /** @return the document id of a requirement */
    public static String idOf(String deploymentId, DeviceKind kind, String name) {
        return deploymentId + "/" + kind.wire() + "/" + name;
    }

    /** @return whether two bindings say the same, whenever they were made */
    public boolean sameAs(Binding other) {
        return other != null && app.equals(other.app) && deploymentId.equals(other.deploymentId)
                && requirement.equals(other.requirement) && devices.equals(other.devices) && status == other.status
                && Objects.equals(reason, other.reason);
    }

    /** @return the document */
    public Document toDocument() {
        return new Document("_id", id())
                .append("app", app)
                .append("deploymentId", deploymentId)
                .append("name", requirement.name())
                .append("kind", requirement.kind().wire())
                .append("type", requirement.type())
                .append("where", new Document(new LinkedHashMap<>(requirement.where())))
                .append("count", requirement.count())
                .append("delivery", requirement.delivery())
                .append("devices", devices)
                .append("status", status.name())
                .append("reason", reason)
                .append("boundAt", Date.from(boundAt));
    }

    /**
     * @return the binding a document holds
     * @throws IllegalArgumentException when it is not one
     */
    public static Binding fromDocument(Document doc) {
        DeviceKind kind = DeviceKind.fromWire(doc.getString("kind"))
                .orElseThrow(() -> new IllegalArgumentException("binding " + doc.get("_id") + " has no valid kind"));
        Map<String, String> where = new LinkedHashMap<>();
        Document w = doc.get("where", Document.class);
        if (w != null) {
            w.forEach((k, v) -> where.put(k, String.valueOf(v)));
        }
        Number count = doc.get("count", Number.class);
        Requirement requirement = new Requirement(doc.getString("name"), kind, doc.getString("type"), where,
                count == null ? 1 : count.intValue(), doc.getString("delivery"));
        Date boundAt = doc.getDate("boundAt");
        return new Binding(doc.getString("app"), doc.getString("deploymentId"), requirement,
                doc.getList("devices", String.class, List.of()), BindingStatus.valueOf(doc.getString("status")),
                doc.getString("reason"), boundAt == null ? Instant.EPOCH : boundAt.toInstant());
    }
}
