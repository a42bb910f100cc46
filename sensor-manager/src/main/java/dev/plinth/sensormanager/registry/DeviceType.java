package dev.plinth.sensormanager.registry;

import io.micronaut.core.annotation.Nullable;
import org.bson.Document;

import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A sensor or controller type, as kept in {@code device_types}: what a sensor of the type sends,
 * or what a controller of the type accepts. Types do not change once registered.
 *
 * @param name        the type's name and the document id, as {@code vehicle-speed}
 * @param kind        sensor or controller
 * @param fields      its fields in declaration order
 * @param description a line for people, may be empty
 * @param createdBy   the admin who registered it
 * @param createdAt   when
 */
public record DeviceType(String name, DeviceKind kind, Map<String, FieldSpec> fields, String description,
                         @Nullable String createdBy, @Nullable Instant createdAt) {

    public DeviceType {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        description = description == null ? "" : description;
    }

    /** @return the document, in the shape app-controller reads ({@code _id}, {@code kind}) */
    public Document toDocument() {
        Document fieldDocs = new Document();
        fields.forEach((field, spec) -> {
            Document f = new Document("type", spec.type().wire());
            if (spec.unit() != null) {
                f.append("unit", spec.unit());
            }
            fieldDocs.append(field, f);
        });
        return new Document("_id", name)
                .append("kind", kind.wire())
                .append("fields", fieldDocs)
                .append("description", description)
                .append("createdBy", createdBy)
                .append("createdAt", createdAt == null ? null : Date.from(createdAt));
    }

    /**
     * @return the type a document holds
     * @throws IllegalArgumentException when the document is not a valid type (written by hand)
     */
    public static DeviceType fromDocument(Document doc) {
        String name = String.valueOf(doc.get("_id"));
        DeviceKind kind = DeviceKind.fromWire(doc.getString("kind"))
                .orElseThrow(() -> new IllegalArgumentException("device type " + name + " has no valid kind"));
        Map<String, FieldSpec> fields = new LinkedHashMap<>();
        Document fieldDocs = doc.get("fields", Document.class);
        if (fieldDocs != null) {
            for (Map.Entry<String, Object> e : fieldDocs.entrySet()) {
                if (!(e.getValue() instanceof Document f)) {
                    throw new IllegalArgumentException("field " + e.getKey() + " of device type " + name + " is not a document");
                }
                FieldType type = FieldType.fromWire(f.getString("type"))
                        .orElseThrow(() -> new IllegalArgumentException("field " + e.getKey() + " of device type " + name + " has no valid type"));
                fields.put(e.getKey(), new FieldSpec(type, f.getString("unit")));
            }
        }
        Date created = doc.getDate("createdAt");
        return new DeviceType(name, kind, fields, doc.getString("description"), doc.getString("createdBy"),
                created == null ? null : created.toInstant());
    }
}
