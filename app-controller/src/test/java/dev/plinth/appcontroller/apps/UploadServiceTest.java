package dev.plinth.appcontroller.apps;

import dev.plinth.appcontroller.artifacts.DirectoryArtifactStore;
import dev.plinth.appcontroller.store.AppLock;
import dev.plinth.appcontroller.store.Database;
import dev.plinth.appcontroller.testing.ExamplePackages;
import dev.plinth.appcontroller.testing.RecordingAppEvents;
import dev.plinth.appcontroller.upload.DeviceTypeCatalog;
import dev.plinth.appcontroller.upload.PackageInspector;
import dev.plinth.appcontroller.upload.UploadLimits;
import dev.plinth.contracts.state.Collections;
import dev.plinth.kit.security.Caller;
import dev.plinth.testkit.mongo.InProcessMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** When the database fails half-way through an upload, nothing is left behind. */
class UploadServiceTest {

    private static final DeviceTypeCatalog NO_TYPES = new DeviceTypeCatalog() {
        @Override
        public Set<String> knownSensorTypes() {
            return Set.of();
        }

        @Override
        public Set<String> knownControllerTypes() {
            return Set.of();
        }
    };

    @TempDir
    Path dir;

    private InProcessMongo mongo;
    private Database database;
    private DirectoryArtifactStore artifacts;
    private final RecordingAppEvents events = new RecordingAppEvents();

    @BeforeEach
    void start() throws IOException {
        mongo = InProcessMongo.start();
        database = new Database(mongo.database("plinth"));
        artifacts = new DirectoryArtifactStore(dir.resolve("artifacts"));
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    private UploadService service(AppRepository apps, VersionRepository versions) {
        Clock clock = Clock.systemUTC();
        return new UploadService(new PackageInspector(NO_TYPES), UploadLimits.defaults(), artifacts, apps, versions,
                new AppEvents(events, clock), new UnusedArtifacts(versions, artifacts), new AppLock(database, clock), clock,
                dir.resolve("uploads").toString());
    }

    @Test
    void aFailedVersionInsertRemovesTheArtifact() throws Exception {
        VersionRepository failing = new VersionRepository(database) {
            @Override
            public void insert(VersionRecord v) {
                throw new IllegalStateException("the database went away");
            }
        };
        UploadService uploads = service(new AppRepository(database), failing);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> uploads.upload(new Caller("ada", false),
                new ByteArrayInputStream(ExamplePackages.helloHttp())));

        assertEquals("the database went away", e.getMessage());
        assertNothingLeft();
    }

    @Test
    void aFailedAppUpdateRemovesTheVersionAndTheArtifact() throws Exception {
        AppRepository failing = new AppRepository(database) {
            @Override
            public boolean recordUpload(String name, String owner, String description, String version, Instant now) {
                throw new IllegalStateException("the database went away");
            }
        };
        UploadService uploads = service(failing, new VersionRepository(database));

        assertThrows(IllegalStateException.class, () -> uploads.upload(new Caller("ada", false),
                new ByteArrayInputStream(ExamplePackages.helloHttp())));

        assertNothingLeft();
    }

    @Test
    void anArtifactAnotherVersionUsesIsKept() throws Exception {
        VersionRepository versions = new VersionRepository(database);
        service(new AppRepository(database), versions).upload(new Caller("ada", false),
                new ByteArrayInputStream(ExamplePackages.helloHttp()));
        List<Path> before = files(dir.resolve("artifacts"));

        new UnusedArtifacts(versions, artifacts).removeIfUnused(versions.find("hello-http", "1.0.0").orElseThrow().sha256());

        assertEquals(before, files(dir.resolve("artifacts")));
        assertEquals(1, before.size());
    }

    private void assertNothingLeft() throws IOException {
        assertEquals(List.of(), files(dir.resolve("artifacts")));
        assertEquals(List.of(), files(dir.resolve("uploads")));
        assertEquals(List.of(), database.collection(Collections.VERSIONS).find().into(new ArrayList<Document>()));
        assertEquals(List.of(), database.collection(Collections.APPS).find().into(new ArrayList<Document>()));
        assertEquals(List.of(), events.sent());
        assertEquals(0, database.collection(Collections.LEASES).countDocuments());
    }

    private static List<Path> files(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
