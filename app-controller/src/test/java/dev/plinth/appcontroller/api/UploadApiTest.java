package dev.plinth.appcontroller.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.appcontroller.store.Database;
import dev.plinth.appcontroller.testing.ApiTestBase;
import dev.plinth.appcontroller.testing.ExamplePackages;
import dev.plinth.appcontroller.testing.RecordingAppEvents;
import dev.plinth.contracts.events.AppEvent;
import dev.plinth.contracts.events.Topics;
import dev.plinth.contracts.state.AppDocument;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.DescriptorDocument;
import dev.plinth.contracts.state.VersionDocument;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /api/apps}: the upload, accepted and refused, through the HTTP endpoint. */
@MicronautTest(environments = {"plinth", "app-controller"}, transactional = false)
class UploadApiTest extends ApiTestBase {

    @Override
    protected Map<String, String> extraProperties() {
        // Small enough to test the streaming limit with a 2 MiB upload; the example is 5 KiB.
        return Map.of("plinth.uploads.max-compressed-bytes", "1MB");
    }

    @AfterEach
    void noTemporaryFileIsLeftBehind() throws Exception {
        assertEquals(List.of(), uploadLeftovers());
    }

    // --- accepted --------------------------------------------------------------------------------

    @Test
    void storesTheExampleAppAndAnswersWithTheVersion() throws Exception {
        byte[] zip = ExamplePackages.helloHttp();
        String sha = sha256(zip);

        Reply reply = upload(ada, zip).expect(201);

        JsonNode body = reply.json();
        assertEquals("hello-http", body.path("app").asText());
        assertEquals("1.0.0", body.path("version").asText());
        assertEquals("ada", body.path("owner").asText());
        assertEquals(sha, body.path("sha256").asText());
        assertEquals(zip.length, body.path("sizeBytes").asLong());
        assertEquals(2, body.path("entryCount").asInt());
        assertTrue(body.path("uncompressedBytes").asLong() > 0);
        assertEquals(List.of("java", "-Xmx48m", "-jar", "hello-http.jar"),
                JSON.convertValue(body.path("descriptor").path("run").path("command"), List.class));
        assertEquals("/health", body.path("descriptor").path("health").path("path").asText());
        assertEquals(0.25, body.path("descriptor").path("resources").path("cpu").asDouble());
        assertEquals(128, body.path("descriptor").path("resources").path("memoryMb").asInt());
        assertEquals(List.of("process"), JSON.convertValue(body.path("runtimes"), List.class));
        assertEquals("/api/apps/hello-http/versions/1.0.0", reply.headers().get("Location"));

        // The artifact is stored under its sha256, byte for byte.
        List<Path> files = artifactFiles();
        assertEquals(1, files.size());
        assertTrue(files.get(0).getFileName().toString().startsWith(sha));
        assertEquals(sha, sha256(Files.readAllBytes(files.get(0))));

        Document version = docs(Collections.VERSIONS).get(0);
        assertEquals("hello-http@1.0.0", version.get(VersionDocument.ID));
        assertEquals("hello-http", version.get(VersionDocument.APP));
        assertEquals("1.0.0", version.get(VersionDocument.VERSION));
        assertEquals("ada", version.get(VersionDocument.OWNER));
        assertEquals(sha, version.get(VersionDocument.SHA256));
        assertEquals((long) zip.length, ((Number) version.get(VersionDocument.SIZE_BYTES)).longValue());
        assertEquals(2, ((Number) version.get(VersionDocument.ENTRY_COUNT)).intValue());
        assertEquals(List.of("process"), version.get(VersionDocument.RUNTIMES));
        assertInstanceOf(Date.class, version.get(VersionDocument.UPLOADED_AT));
        Document descriptor = version.get(VersionDocument.DESCRIPTOR, Document.class);
        assertEquals("hello-http", descriptor.get(DescriptorDocument.NAME));
        assertEquals(1, descriptor.get(DescriptorDocument.INSTANCES));
        assertEquals(Map.of(), descriptor.get(DescriptorDocument.ENV, Document.class));
        assertEquals(60, descriptor.get(DescriptorDocument.HEALTH, Document.class).get(DescriptorDocument.HEALTH_STARTUP_SECONDS));

        Document app = docs(Collections.APPS).get(0);
        assertEquals("hello-http", app.get(AppDocument.ID));
        assertEquals("ada", app.get(AppDocument.OWNER));
        assertEquals("1.0.0", app.get(AppDocument.LATEST_VERSION));
        assertEquals("Says hello with the name of the instance and the node that answered.", app.get(AppDocument.DESCRIPTION));
        assertInstanceOf(Date.class, app.get(AppDocument.CREATED_AT));

        List<RecordingAppEvents.Sent> sent = appEvents.sent();
        assertEquals(1, sent.size());
        assertEquals("hello-http", sent.get(0).key());
        AppEvent event = sent.get(0).event();
        assertEquals(AppEvent.Type.VERSION_READY, event.type());
        assertEquals("1.0.0", event.version());
        assertEquals(sha, event.sha256());
        assertEquals("ada", event.owner());
        assertEquals("app.events", Topics.APP_EVENTS);
    }

    @Test
    void saysWhichRuntimesEachPackageShapeRunsOn() {
        byte[] image = Zips.empty().file("plinth.yaml", "name: image-app\nversion: 1.0.0\nrun: { image: 'busybox:1.36' }\n").bytes();
        byte[] dockerfile = Zips.empty().file("plinth.yaml", "name: built-app\nversion: 1.0.0\n")
                .file("Dockerfile", "FROM busybox\n").bytes();
        byte[] both = Zips.empty().file("plinth.yaml", Zips.DESCRIPTOR.replace("tiny-app", "both-app")
                + "  image: registry.example.com:5000/team/tiny-app:1.0.0\n").file("tiny.jar", "jar").bytes();

        assertEquals(List.of("docker"), JSON.convertValue(upload(ada, image).expect(201).json().path("runtimes"), List.class));
        assertEquals(List.of("docker"), JSON.convertValue(upload(ada, dockerfile).expect(201).json().path("runtimes"), List.class));
        assertEquals(List.of("process", "docker"), JSON.convertValue(upload(ada, both).expect(201).json().path("runtimes"), List.class));
        // The listing and the version say it too.
        assertEquals(List.of("docker"), JSON.convertValue(get("/api/apps/built-app/versions", ada).expect(200).json()
                .path(0).path("runtimes"), List.class));
        assertEquals(List.of("process", "docker"), JSON.convertValue(get("/api/apps/both-app/versions/1.0.0", ada).expect(200)
                .json().path("runtimes"), List.class));
    }

    @Test
    void aSecondVersionMovesTheLatestVersionOn() {
        upload(ada, ExamplePackages.helloHttp()).expect(201);
        upload(ada, ExamplePackages.helloHttp("1.1.0")).expect(201);

        assertEquals("1.1.0", docs(Collections.APPS).get(0).get(AppDocument.LATEST_VERSION));
        assertEquals(2, docs(Collections.VERSIONS).size());
        assertEquals(2, appEvents.sent().size());
    }

    @Test
    void refusesTheSameVersionTwiceAndKeepsTheFirst() throws Exception {
        upload(ada, ExamplePackages.helloHttp()).expect(201);
        List<Path> before = artifactFiles();
        // Same version, different bytes: versions never change.
        byte[] changed = ExamplePackages.withDescriptor(yaml -> yaml + "env: { GREETING: hi }\n");

        Reply reply = upload(ada, changed).expect(409);

        assertEquals("version 1.0.0 of hello-http is already uploaded and versions never change; "
                + "raise version in plinth.yaml and upload again", reply.json().path("message").asText());
        assertEquals(before, artifactFiles());
        assertEquals(1, docs(Collections.VERSIONS).size());
        assertEquals(1, appEvents.sent().size());
    }

    @Test
    void refusesANameAnotherDeveloperOwns() throws Exception {
        upload(ada, ExamplePackages.helloHttp()).expect(201);
        List<Path> before = artifactFiles();

        Reply reply = upload(bob, ExamplePackages.helloHttp("2.0.0")).expect(409);

        assertEquals("the app name 'hello-http' belongs to another developer; choose another name in plinth.yaml",
                reply.json().path("message").asText());
        assertEquals(before, artifactFiles());
        assertEquals(List.of("hello-http@1.0.0"), docs(Collections.VERSIONS).stream().map(d -> d.get(VersionDocument.ID)).toList());
        assertEquals("ada", docs(Collections.APPS).get(0).get(AppDocument.OWNER));
    }

    @Test
    void anAdminUploadsANewVersionOfADevelopersAppForItsOwner() {
        upload(ada, ExamplePackages.helloHttp()).expect(201);

        Reply reply = upload(root, ExamplePackages.helloHttp("1.0.1")).expect(201);

        assertEquals("ada", reply.json().path("owner").asText());
        assertEquals("ada", docs(Collections.APPS).get(0).get(AppDocument.OWNER));
    }

    @Test
    void refusesAnonymousUploads() throws Exception {
        upload(null, ExamplePackages.helloHttp()).expect(401);
        assertNothingStored();
    }

    // --- not a package at all --------------------------------------------------------------------

    @Test
    void asksForTheFieldWhenThePackageIsMissing() throws Exception {
        Reply reply = uploadAs(ada, "file", ExamplePackages.helloHttp()).expect(400);

        assertTrue(reply.json().path("message").asText().contains("multipart form field 'package'"), reply.text());
        assertNothingStored();
    }

    @Test
    void asksForTheZipWhenThePackageIsEmpty() throws Exception {
        Reply reply = upload(ada, new byte[0]).expect(400);

        assertTrue(reply.json().path("message").asText().contains("multipart form field 'package'"), reply.text());
        assertNothingStored();
    }

    @Test
    void explainsTheFormWhenTheZipIsSentAsTheBody() throws Exception {
        Reply reply = call(io.micronaut.http.HttpRequest.POST("/api/apps", ExamplePackages.helloHttp())
                .contentType("application/zip").bearerAuth(ada)).expect(400);

        assertTrue(reply.json().path("message").asText().contains("multipart form field 'package'"), reply.text());
        assertNothingStored();
    }

    // --- hostile and broken packages ---------------------------------------------------------------

    @Test
    void refusesAPackageLargerThanTheLimitWhileItStreams() throws Exception {
        byte[] big = new byte[2 * 1024 * 1024];
        new java.util.Random(7).nextBytes(big);

        Reply reply = upload(ada, big).expect(413);

        assertEquals("the package is larger than 1 MiB, the most a package may be; leave out what the app does not "
                + "need to run (build caches, tests, sources)", reply.json().path("message").asText());
        assertNothingStored();
    }

    @Test
    void refusesZipSlip() throws Exception {
        byte[] zip = Zips.valid().file("../../etc/cron.d/evil", "* * * * * root sh").file("/etc/passwd", "x").bytes();

        Reply reply = upload(ada, zip).expect(422);

        assertEquals(List.of(
                "../../etc/cron.d/evil: has a '..' segment that points outside the package; paths must stay inside it",
                "/etc/passwd: is an absolute path; paths must be relative to the root of the package"), reply.problems());
        assertEquals("the package was refused: 2 problems to fix before uploading it again", reply.json().path("message").asText());
        assertNothingStored();
    }

    @Test
    void refusesAZipBomb() throws Exception {
        byte[] zip = Zips.valid().zeros("padding.bin", 8 * 1024 * 1024).bytes();

        Reply reply = upload(ada, zip).expect(422);

        assertEquals(1, reply.problems().size(), reply.text());
        assertTrue(reply.problems().get(0).startsWith("padding.bin: unpacks to more than 200 times its compressed size"),
                reply.text());
        assertNothingStored();
    }

    @Test
    void refusesAFileThatIsNotAZip() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13};

        Reply reply = upload(ada, png).expect(422);

        assertEquals(List.of(": is not a zip archive (it looks like a PNG image); upload a .zip file with plinth.yaml at its root"),
                reply.problems());
        assertNothingStored();
    }

    @Test
    void refusesAPackageWithoutPlinthYaml() throws Exception {
        byte[] zip = Zips.empty().file("app/plinth.yaml", Zips.DESCRIPTOR).file("app/tiny.jar", "jar").bytes();

        Reply reply = upload(ada, zip).expect(422);

        assertEquals(List.of("plinth.yaml: is not at the root of the zip (found app/plinth.yaml); "
                + "zip the contents of the app's folder, not the folder itself"), reply.problems());
        assertNothingStored();
    }

    @Test
    void refusesAnInvalidDescriptorListingEveryProblem() throws Exception {
        byte[] zip = Zips.empty().file("plinth.yaml", """
                name: Tiny_App
                version: "1.0"
                run:
                  command: ["java", "-jar", "tiny.jar"]
                instances: 0
                colour: blue
                """).file("tiny.jar", "jar").bytes();

        Reply reply = upload(ada, zip).expect(422);

        List<String> problems = reply.problems();
        assertTrue(problems.contains("colour: is not a known field (known fields: name, version, description, run, port, "
                + "health, instances, resources, placement, sensors, controllers, env)"), problems.toString());
        assertTrue(problems.contains("name: must be 1 to 40 lower-case letters, digits or dashes, starting and ending "
                + "with a letter or digit (e.g. speed-alert)"), problems.toString());
        assertTrue(problems.contains("version: must be a semantic version such as 1.0.0 or 2.1.0-beta.1"), problems.toString());
        assertTrue(problems.contains("instances: must be >= 1"), problems.toString());
        assertEquals(4, problems.size(), problems.toString());
        assertNothingStored();
    }

    @Test
    void refusesASymbolicLink() throws Exception {
        byte[] zip = Zips.valid().symlink("secrets", "/etc/shadow").bytes();

        Reply reply = upload(ada, zip).expect(422);

        assertEquals(List.of("secrets: is a symbolic link; Plinth unpacks only files and folders, so put the file itself in the zip"),
                reply.problems());
        assertNothingStored();
    }

    @Test
    void refusesAPackageMissingTheFileItsCommandRuns() throws Exception {
        byte[] zip = Zips.empty().file("plinth.yaml", Zips.DESCRIPTOR).file("build/tiny.jar", "jar").bytes();

        Reply reply = upload(ada, zip).expect(422);

        assertEquals(List.of("run.command: tiny.jar is not in the package (the zip has build/tiny.jar; "
                + "the command runs in the root of the package)"), reply.problems());
        assertNothingStored();
    }

    @Test
    void refusesUnknownSensorTypes() throws Exception {
        byte[] zip = Zips.empty().file("plinth.yaml", Zips.DESCRIPTOR + """
                sensors:
                  - { name: speed, type: vehicle-speed }
                """).file("tiny.jar", "jar").bytes();

        Reply reply = upload(ada, zip).expect(422);

        assertEquals(List.of("sensors[0].type: unknown sensor type 'vehicle-speed'; registered types: none yet"), reply.problems());
        assertNothingStored();
    }

    @Test
    void refusesLoaderAndInterpreterHijackVariablesNamingEach() throws Exception {
        byte[] zip = Zips.empty().file("plinth.yaml", Zips.DESCRIPTOR + """
                env:
                  THRESHOLD_KMH: "90"
                  LD_PRELOAD: /app/evil.so
                  GCONV_PATH: /app/gconv
                  BASH_ENV: /app/run-me.sh
                """).file("tiny.jar", "jar").file("evil.so", "ELF").bytes();

        Reply reply = upload(ada, zip).expect(422);

        assertEquals(List.of(
                "env.LD_PRELOAD: is refused: LD_* variables make the system's loader or C library run code before any program's own",
                "env.GCONV_PATH: is refused: the C library reads it in every program before it starts, and could load code from it",
                "env.BASH_ENV: is refused: shells run code or change how they read commands because of it"), reply.problems());
        assertNothingStored();
    }

    @Test
    void refusesAPackageThatRunsNowhereSayingWhatToAdd() throws Exception {
        byte[] zip = Zips.empty().file("plinth.yaml", "name: idle-app\nversion: 1.0.0\n").file("site/Dockerfile", "FROM busybox\n").bytes();

        Reply reply = upload(ada, zip).expect(422);

        assertEquals(List.of("run: gives no way to run the app: set run.command (a command for the process runtime), run.image "
                + "(a container image for the docker runtime), or put a Dockerfile at the root of the package (the docker "
                + "runtime builds it) (the zip has site/Dockerfile; only a file named exactly Dockerfile at the root of the "
                + "package counts)"), reply.problems());
        assertNothingStored();
    }

    @Test
    void refusesAnImageReferenceNamingWhatIsWrong() throws Exception {
        byte[] zip = Zips.empty().file("plinth.yaml", "name: image-app\nversion: 1.0.0\nrun: { image: 'Team/Hello:1.0' }\n").bytes();

        Reply reply = upload(ada, zip).expect(422);

        assertEquals(List.of("run.image: has upper-case letters in its repository name ('Team'); repository names are lower case, "
                + "as team"), reply.problems());
        assertNothingStored();
    }

    private void assertNothingStored() throws Exception {
        assertEquals(List.of(), artifactFiles(), "no artifact may be stored");
        assertEquals(List.of(), docs(Collections.VERSIONS), "no version may be recorded");
        assertEquals(List.of(), docs(Collections.APPS), "no app may be recorded");
        assertEquals(List.of(), appEvents.sent(), "nothing may be announced");
        assertFalse(uploadLeftovers().iterator().hasNext(), "the temporary file must be deleted");
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
