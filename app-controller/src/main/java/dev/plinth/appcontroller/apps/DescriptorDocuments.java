package dev.plinth.appcontroller.apps;

import dev.plinth.contracts.descriptor.AppDescriptor;
import dev.plinth.contracts.descriptor.ControllerRequirement;
import dev.plinth.contracts.descriptor.HealthCheck;
import dev.plinth.contracts.descriptor.Placement;
import dev.plinth.contracts.descriptor.Resources;
import dev.plinth.contracts.descriptor.RunSpec;
import dev.plinth.contracts.descriptor.SensorRequirement;
import org.bson.Document;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an {@link AppDescriptor} as a BSON document with every field present (defaults filled in),
 * the {@code descriptor} of the {@code versions} collection, and reads it back. Field names are the
 * descriptor's own, as in {@code plinth.yaml}.
 */
public final class DescriptorDocuments {

    private DescriptorDocuments() {
    }

    /** @return the descriptor as a document */
    public static Document toDocument(AppDescriptor d) {
        List<Document> sensors = d.sensors().stream().map(s -> new Document("name", s.name())
                .append("type", s.type())
                .append("count", s.count())
                .append("where", new Document(new LinkedHashMap<>(s.where())))
                .append("delivery", s.delivery())).toList();
        List<Document> controllers = d.controllers().stream().map(c -> new Document("name", c.name())
                .append("type", c.type())
                .append("count", c.count())
                .append("where", new Document(new LinkedHashMap<>(c.where())))).toList();
        return new Document("name", d.name())
                .append("version", d.version())
                .append("description", d.description())
                .append("run", new Document("command", d.run().command()).append("image", d.run().image()))
                .append("port", d.port())
                .append("health", new Document("path", d.health().path())
                        .append("intervalSeconds", d.health().intervalSeconds())
                        .append("timeoutSeconds", d.health().timeoutSeconds())
                        .append("failureThreshold", d.health().failureThreshold())
                        .append("startupSeconds", d.health().startupSeconds()))
                .append("instances", d.instances())
                .append("resources", new Document("cpu", d.resources().cpu()).append("memoryMb", d.resources().memoryMb()))
                .append("placement", new Document("labels", new Document(new LinkedHashMap<>(d.placement().labels()))))
                .append("sensors", sensors)
                .append("controllers", controllers)
                .append("env", new Document(new LinkedHashMap<>(d.env())));
    }

    /** @return the descriptor a document holds */
    public static AppDescriptor fromDocument(Document doc) {
        Document run = doc.get("run", Document.class);
        Document health = doc.get("health", Document.class);
        Document resources = doc.get("resources", Document.class);
        Document placement = doc.get("placement", Document.class);
        List<SensorRequirement> sensors = new ArrayList<>();
        for (Document s : documents(doc, "sensors")) {
            sensors.add(new SensorRequirement(s.getString("name"), s.getString("type"), s.getInteger("count", 1),
                    strings(s.get("where", Document.class)), s.getString("delivery")));
        }
        List<ControllerRequirement> controllers = new ArrayList<>();
        for (Document c : documents(doc, "controllers")) {
            controllers.add(new ControllerRequirement(c.getString("name"), c.getString("type"), c.getInteger("count", 1),
                    strings(c.get("where", Document.class))));
        }
        return new AppDescriptor(
                doc.getString("name"),
                doc.getString("version"),
                doc.getString("description"),
                new RunSpec(run.getList("command", String.class), run.getString("image")),
                doc.getInteger("port", 8080),
                new HealthCheck(health.getString("path"), health.getInteger("intervalSeconds"),
                        health.getInteger("timeoutSeconds"), health.getInteger("failureThreshold"),
                        health.getInteger("startupSeconds")),
                doc.getInteger("instances", 1),
                new Resources(((Number) resources.get("cpu")).doubleValue(), resources.getInteger("memoryMb")),
                new Placement(placement == null ? Map.of() : strings(placement.get("labels", Document.class))),
                sensors,
                controllers,
                strings(doc.get("env", Document.class)));
    }

    private static List<Document> documents(Document doc, String field) {
        List<Document> list = doc.getList(field, Document.class);
        return list == null ? List.of() : list;
    }

    /** @return a document of string values as a map, empty for null */
    public static Map<String, String> strings(Document doc) {
        Map<String, String> out = new LinkedHashMap<>();
        if (doc != null) {
            doc.forEach((key, value) -> out.put(key, String.valueOf(value)));
        }
        return out;
    }
}
