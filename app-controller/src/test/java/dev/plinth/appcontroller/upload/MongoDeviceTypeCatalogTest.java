package dev.plinth.appcontroller.upload;

import com.mongodb.client.MongoClient;
import dev.plinth.contracts.state.Collections;
import dev.plinth.testkit.mongo.InProcessMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plinth.contracts.validation.Problem;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MongoDeviceTypeCatalogTest {

    private InProcessMongo mongo;
    private MongoClient client;

    @BeforeEach
    void start() {
        mongo = InProcessMongo.start();
        client = mongo.client();
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void readsSensorAndControllerTypesByKind() {
        client.getDatabase("plinth-test").getCollection(Collections.DEVICE_TYPES).insertMany(List.of(
                new Document("_id", "vehicle-speed").append("kind", "sensor"),
                new Document("_id", "temperature").append("kind", "sensor"),
                new Document("_id", "buzzer").append("kind", "controller"),
                new Document("_id", "mystery").append("kind", "gadget")));
        client.getDatabase("plinth").getCollection(Collections.DEVICE_TYPES)
                .insertOne(new Document("_id", "other-database").append("kind", "sensor"));

        MongoDeviceTypeCatalog catalog = new MongoDeviceTypeCatalog(client.getDatabase("plinth-test"));

        assertEquals(Set.of("vehicle-speed", "temperature"), catalog.knownSensorTypes());
        assertEquals(Set.of("buzzer"), catalog.knownControllerTypes());
    }

    @Test
    void knowsNoTypesBeforeAnyAreRegistered() {
        MongoDeviceTypeCatalog catalog = new MongoDeviceTypeCatalog(client.getDatabase("plinth-test"));

        assertEquals(Set.of(), catalog.knownSensorTypes());
        assertEquals(Set.of(), catalog.knownControllerTypes());
    }

    @Test
    void feedsTheInspector(@TempDir Path dir) throws Exception {
        client.getDatabase("plinth-test").getCollection(Collections.DEVICE_TYPES).insertOne(
                new Document("_id", "buzzer").append("kind", "controller"));
        PackageInspector inspector = new PackageInspector(new MongoDeviceTypeCatalog(client.getDatabase("plinth-test")));

        PackageReport report = inspector.inspect(TestZip.valid().writeTo(dir), UploadLimits.defaults());

        assertEquals(List.of(new Problem("sensors[0].type", "unknown sensor type 'vehicle-speed'; registered types: none yet")),
                report.problems());
    }
}
