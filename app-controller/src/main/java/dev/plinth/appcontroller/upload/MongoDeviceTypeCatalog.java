package dev.plinth.appcontroller.upload;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.plinth.contracts.state.Collections;
import jakarta.inject.Singleton;
import org.bson.Document;

import java.util.HashSet;
import java.util.Set;

/**
 * Reads device types from the {@code device_types} collection, one document per type:
 * {@code {_id: "vehicle-speed", kind: "sensor"}} or {@code kind: "controller"}. Every call reads the
 * collection afresh, as types are registered while Plinth runs and uploads are rare.
 */
@Singleton
public class MongoDeviceTypeCatalog implements DeviceTypeCatalog {

    /** The {@code kind} of a sensor type. */
    public static final String SENSOR = "sensor";
    /** The {@code kind} of a controller type. */
    public static final String CONTROLLER = "controller";

    private final MongoCollection<Document> types;

    public MongoDeviceTypeCatalog(MongoDatabase database) {
        this.types = database.getCollection(Collections.DEVICE_TYPES);
    }

    @Override
    public Set<String> knownSensorTypes() {
        return namesOfKind(SENSOR);
    }

    @Override
    public Set<String> knownControllerTypes() {
        return namesOfKind(CONTROLLER);
    }

    private Set<String> namesOfKind(String kind) {
        Set<String> names = new HashSet<>();
        for (Document type : types.find(Filters.eq("kind", kind)).projection(Projections.include("_id"))) {
            names.add(String.valueOf(type.get("_id")));
        }
        return Set.copyOf(names);
    }
}
