package dev.plinth.appcontroller.upload;

import dev.plinth.contracts.validation.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PackageInspectorTest {

    /** A catalog with fixed types, standing in for the one the sensor-manager fills. */
    private static final DeviceTypeCatalog CATALOG = new DeviceTypeCatalog() {
        @Override
        public Set<String> knownSensorTypes() {
            return Set.of("vehicle-speed", "temperature");
        }

        @Override
        public Set<String> knownControllerTypes() {
            return Set.of("buzzer");
        }
    };

    private static final UploadLimits LIMITS = UploadLimits.defaults();
    private static final String SEE_WHOLE = PackageInspector.WHOLE_PACKAGE;

    @TempDir
    Path dir;

    private final PackageInspector inspector = new PackageInspector(CATALOG);

    private PackageReport inspect(TestZip zip) throws IOException {
        return inspector.inspect(zip.writeTo(dir), LIMITS);
    }

    private PackageReport inspect(byte[] zip) throws IOException {
        return inspector.inspect(TestZip.write(dir, zip), LIMITS);
    }

    private static void assertProblems(List<Problem> expected, PackageReport report) {
        assertFalse(report.accepted(), () -> "accepted a package that should be rejected: " + report);
        assertEquals(expected, report.problems());
    }

    // --- the package accepted ------------------------------------------------------------------

    @Test
    void acceptsAValidPackageWithItsHashSizesAndFiles() throws Exception {
        Path file = TestZip.valid()
                .folder("lib")
                .file("lib/util.jar", "util")
                .file("config/app.properties", "threshold=90\n")
                .writeTo(dir);

        PackageReport report = inspector.inspect(file, LIMITS);

        PackageReport.Accepted accepted = assertInstanceOf(PackageReport.Accepted.class, report, () -> report.problems().toString());
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), accepted.sha256());
        assertEquals(bytes.length, accepted.compressedBytes());
        long unpacked = TestZip.VALID_DESCRIPTOR.getBytes(StandardCharsets.UTF_8).length + TestZip.JAR.length
                + "util".length() + "threshold=90\n".length();
        assertEquals(unpacked, accepted.uncompressedBytes());
        assertEquals(5, accepted.entryCount());
        assertEquals(List.of("config/app.properties", "lib/util.jar", "plinth.yaml", "speed-alert.jar"), accepted.files());
        assertEquals("speed-alert", accepted.descriptor().name());
        assertEquals(List.of("java", "-jar", "speed-alert.jar"), accepted.descriptor().run().command());
        assertEquals(List.of("process"), accepted.runtimes());
        assertEquals(List.of(), accepted.problems());
    }

    @Test
    void acceptsASmallFileThatCompressesExtremelyWell() throws IOException {
        // 512 KiB of zeros compresses about 1000 times: a blank data file, not a bomb.
        PackageReport report = inspect(TestZip.valid().zeros("data/blank.bin", 512 * 1024));

        assertTrue(report.accepted(), () -> report.problems().toString());
    }

    // --- not a zip, or not a whole one ---------------------------------------------------------

    static Stream<Arguments> notZips() throws IOException {
        byte[] random = new byte[4096];
        new Random(42).nextBytes(random);
        random[0] = 'x';
        byte[] png = Arrays.copyOf(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'}, 64);
        ByteArrayOutputStream tarGz = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(tarGz)) {
            gzip.write(new byte[1024]);
        }
        String upload = "; upload a .zip file with plinth.yaml at its root";
        return Stream.of(
                Arguments.of("random bytes", random, "is not a zip archive (it looks like data Plinth does not recognise)" + upload),
                Arguments.of("a PNG", png, "is not a zip archive (it looks like a PNG image)" + upload),
                Arguments.of("a tar.gz", tarGz.toByteArray(), "is not a zip archive (it looks like gzip-compressed data, such as a .tar.gz)" + upload),
                Arguments.of("nothing", new byte[0], "is empty" + upload));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notZips")
    void refusesAFileThatIsNotAZip(String what, byte[] bytes, String message) throws IOException {
        assertProblems(List.of(new Problem(SEE_WHOLE, message)), inspect(bytes));
    }

    @Test
    void refusesATruncatedZip() throws IOException {
        byte[] whole = TestZip.valid().file("data.txt", "x".repeat(2000)).bytes();

        PackageReport report = inspect(Arrays.copyOf(whole, whole.length / 2));

        assertProblems(List.of(new Problem(SEE_WHOLE, "is cut short or damaged: the table of contents at the end of a zip "
                + "is missing; upload the complete file again")), report);
    }

    @Test
    void refusesAZipWhoseTableOfContentsPointsNowhere() throws IOException {
        byte[] zip = TestZip.withDirectoryOffset(TestZip.valid().bytes(), 0x7FFF_FFFF);

        PackageReport report = inspect(zip);

        assertEquals(List.of(SEE_WHOLE), report.problems().stream().map(Problem::path).toList());
        String message = report.problems().get(0).message();
        assertTrue(message.startsWith("is damaged and cannot be read as a zip (") && message.endsWith("); create the zip again"), message);
    }

    @Test
    void refusesAnEntryDamagedInTransit() throws IOException {
        byte[] zip = TestZip.replacing(TestZip.valid().stored("data.txt", "reading: 42 km/h".getBytes(StandardCharsets.UTF_8)).bytes(),
                "42 km/h", "24 km/h");

        assertProblems(List.of(new Problem("data.txt", "is damaged: its contents do not match their checksum; create the zip again")),
                inspect(zip));
    }

    @Test
    void refusesCompressionMethodsPlinthDoesNotUnpack() throws IOException {
        byte[] zip = TestZip.withMethod(TestZip.valid().file("data.bz2", "x").bytes(), "data.bz2", 12);

        assertProblems(List.of(new Problem("data.bz2", "is compressed with bzip2, which Plinth does not unpack; "
                + "create the zip with the usual deflate compression")), inspect(zip));
    }

    // --- limits --------------------------------------------------------------------------------

    @Test
    void refusesAZipLargerThanTheLimitWithoutOpeningIt() throws IOException {
        Path file = TestZip.valid().writeTo(dir);
        long size = Files.size(file);

        PackageReport report = inspector.inspect(file, LIMITS.withMaxCompressedBytes(100));

        assertProblems(List.of(new Problem(SEE_WHOLE, "is " + size + " bytes, more than the 100 bytes a package may be; "
                + "leave out what the app does not need to run (build caches, tests, sources)")), report);
        assertEquals(0, report.bytesInflated());
    }

    @Test
    void refusesTooManyEntries() throws IOException {
        Path file = TestZip.valid().file("a", "a").file("b", "b").file("c", "c").writeTo(dir);

        PackageReport report = inspector.inspect(file, LIMITS.withMaxEntries(4));

        assertProblems(List.of(new Problem(SEE_WHOLE, "has more than 4 entries, the most a package may hold; leave out what "
                + "the app does not need to run, or bundle small files (a jar counts as one entry)")), report);
        assertEquals(0, report.bytesInflated());
    }

    @Test
    void countsEntriesInTheDirectoryNotTheCountTheZipClaims() throws IOException {
        byte[] lying = TestZip.withClaimedEntryCount(TestZip.valid().file("a", "a").file("b", "b").file("c", "c").bytes(), 1);

        PackageReport report = inspector.inspect(TestZip.write(dir, lying), LIMITS.withMaxEntries(4));

        assertEquals(List.of(SEE_WHOLE), report.problems().stream().map(Problem::path).toList());
        assertTrue(report.problems().get(0).message().startsWith("has more than 4 entries"), report.problems()::toString);
    }

    @Test
    void stopsReadingOnceTheTotalIsOverTheLimit() throws IOException {
        byte[] noise = new byte[60 * 1024];
        new Random(7).nextBytes(noise);
        long limit = 100 * 1024;
        Path file = TestZip.valid().file("a.bin", noise).file("b.bin", noise).file("c.bin", noise).writeTo(dir);

        PackageReport report = inspector.inspect(file, LIMITS.withMaxUncompressedBytes(limit));

        assertProblems(List.of(new Problem(SEE_WHOLE, "unpacks to more than 100 KiB, the most a package may unpack to; "
                + "leave out what the app does not need to run")), report);
        // It read one byte past the limit and stopped: c.bin was never touched.
        assertEquals(limit + 1, report.bytesInflated());
    }

    @Test
    void stopsUnpackingAZipBombEntryAtItsRatioLimit() throws IOException {
        long bomb = 50L * 1024 * 1024;
        Path file = TestZip.valid().zeros("data/zeros.bin", bomb).writeTo(dir);
        assertTrue(Files.size(file) < 200 * 1024, "the test bomb should be small on disk");

        PackageReport report = inspector.inspect(file, LIMITS.withMaxEntryRatio(10));

        assertProblems(List.of(new Problem("data/zeros.bin", "unpacks to more than 10 times its compressed size, as zip bombs do; "
                + "leave it out or ship it in a form that compresses less")), report);
        long otherEntries = TestZip.VALID_DESCRIPTOR.getBytes(StandardCharsets.UTF_8).length + TestZip.JAR.length;
        // The ratio cap for this entry is the 1 MiB grace: it stopped one byte past it, not at 50 MiB.
        assertEquals(otherEntries + UploadLimits.RATIO_GRACE_BYTES + 1, report.bytesInflated());
    }

    @Test
    void refusesADescriptorLargerThanItsLimit() throws IOException {
        String padded = TestZip.VALID_DESCRIPTOR + "# " + "x".repeat(4000) + "\n";

        PackageReport report = inspector.inspect(
                TestZip.empty().file("plinth.yaml", padded).file("speed-alert.jar", TestZip.JAR).writeTo(dir),
                LIMITS.withMaxDescriptorBytes(1024));

        assertProblems(List.of(new Problem("plinth.yaml", "is larger than 1 KiB; a descriptor needs only a few lines")), report);
    }

    // --- entry names ---------------------------------------------------------------------------

    static Stream<Arguments> unsafeNames() {
        return Stream.of(
                Arguments.of("../evil", "../evil", "has a '..' segment that points outside the package; paths must stay inside it"),
                Arguments.of("lib/../../evil", "lib/../../evil", "has a '..' segment that points outside the package; paths must stay inside it"),
                Arguments.of("/etc/cron.d/evil", "/etc/cron.d/evil", "is an absolute path; paths must be relative to the root of the package"),
                Arguments.of("scripts/..\\..\\evil.bat", "scripts/..\\..\\evil.bat", "uses backslashes in its path, which Windows reads as folders; "
                        + "create the zip with a tool that writes / between folders"),
                // commons-compress reads the backslashes of a DOS-made name without any / as separators.
                Arguments.of("..\\evil.bat", "../evil.bat", "has a '..' segment that points outside the package; paths must stay inside it"),
                Arguments.of("C:/Windows/evil.dll", "C:/Windows/evil.dll", "starts with a drive letter; paths must be relative to the root of the package"),
                Arguments.of("evil.sh\0.txt", "evil.sh\\u0000.txt", "has a NUL byte in its name, which can hide its real name from other tools; rename it"),
                Arguments.of("evil\n.txt", "evil\\u000a.txt", "has a control character (such as a line break) in its name; rename it"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("unsafeNames")
    void refusesEntryNamesThatEscapeThePackage(String name, String shown, String message) throws IOException {
        PackageReport report = inspect(TestZip.valid().file(name, "payload"));

        assertProblems(List.of(new Problem(shown, message)), report);
    }

    @Test
    void refusesDuplicateNames() throws IOException {
        PackageReport report = inspect(TestZip.valid().file("lib/a.txt", "one").file("lib/a.txt", "two"));

        assertProblems(List.of(new Problem("lib/a.txt", "appears more than once in the zip; keep one copy")), report);
    }

    @Test
    void refusesAFileThatOtherEntriesUseAsAFolder() throws IOException {
        PackageReport report = inspect(TestZip.valid().file("lib", "a file").file("lib/a.txt", "inside"));

        assertProblems(List.of(new Problem("lib", "is a file, but other entries use it as a folder; rename one of them")), report);
    }

    @Test
    void refusesANameThatDiffersInTheLocalHeader() throws IOException {
        byte[] zip = TestZip.withLocalName(TestZip.valid().file("docs/readme.txt", "hi").bytes(), "docs/readme.txt", "../s/readme.txt");

        assertProblems(List.of(new Problem("docs/readme.txt", "has a different name in its local header than in the zip's "
                + "table of contents, which can trick unzip tools; create the zip again")), inspect(zip));
    }

    @Test
    void refusesEntriesThatShareTheirBytes() throws IOException {
        // Zip bombs without recursion make many directory records point into the same data.
        byte[] zip = TestZip.pointingAt(TestZip.valid().file("a.txt", "same").file("b.txt", "same").bytes(), "b.txt", "a.txt");

        assertProblems(List.of(
                new Problem("b.txt", "has a different name in its local header than in the zip's table of contents, "
                        + "which can trick unzip tools; create the zip again"),
                new Problem("b.txt", "shares its bytes with a.txt, which zip bombs do to multiply their size; "
                        + "create the zip again with a standard tool")), inspect(zip));
    }

    // --- file types and encryption -------------------------------------------------------------

    static Stream<Arguments> specialFiles() {
        String only = "; Plinth unpacks only files and folders";
        return Stream.of(
                Arguments.of(0120777, "is a symbolic link; Plinth unpacks only files and folders, so put the file itself in the zip"),
                Arguments.of(0010644, "is a named pipe" + only),
                Arguments.of(0020644, "is a character device" + only),
                Arguments.of(0060644, "is a block device" + only),
                Arguments.of(0140755, "is a socket" + only));
    }

    @ParameterizedTest(name = "mode {0}")
    @MethodSource("specialFiles")
    void refusesSymlinksAndSpecialFiles(int mode, String message) throws IOException {
        PackageReport report = inspect(TestZip.valid().withMode("link", mode, "/etc/passwd"));

        assertProblems(List.of(new Problem("link", message)), report);
    }

    @Test
    void acceptsRegularFilesWithAUnixMode() throws IOException {
        PackageReport report = inspect(TestZip.valid().withMode("start.sh", 0100755, "#!/bin/sh\n").withMode("bin/", 0040755, ""));

        assertTrue(report.accepted(), () -> report.problems().toString());
    }

    @Test
    void refusesEncryptedEntries() throws IOException {
        byte[] zip = TestZip.withFlags(TestZip.valid().file("secret.txt", "hidden").bytes(), "secret.txt", 1);

        assertProblems(List.of(new Problem("secret.txt", "is encrypted; upload the package without a password")), inspect(zip));
    }

    // --- plinth.yaml ---------------------------------------------------------------------------

    @Test
    void refusesAPackageWithoutPlinthYaml() throws IOException {
        PackageReport report = inspect(TestZip.empty().file("speed-alert.jar", TestZip.JAR));

        assertProblems(List.of(new Problem("plinth.yaml",
                "is missing; put plinth.yaml, which describes the app, at the root of the zip")), report);
    }

    @Test
    void refusesPlinthYamlInASubfolderOnly() throws IOException {
        PackageReport report = inspect(TestZip.empty()
                .folder("speed-alert")
                .file("speed-alert/plinth.yaml", TestZip.VALID_DESCRIPTOR)
                .file("speed-alert/speed-alert.jar", TestZip.JAR));

        assertProblems(List.of(new Problem("plinth.yaml", "is not at the root of the zip (found speed-alert/plinth.yaml); "
                + "zip the contents of the app's folder, not the folder itself")), report);
    }

    @Test
    void reportsEveryProblemOfAnInvalidDescriptor() throws IOException {
        String yaml = """
                name: Bad_Name
                version: '1.0'
                run: { command: [java, -jar, speed-alert.jar] }
                port: 70000
                sensors:
                  - { name: speed, type: vehicle-speed, count: 0 }
                """;

        PackageReport report = inspect(TestZip.empty().file("plinth.yaml", yaml).file("speed-alert.jar", TestZip.JAR));

        assertFalse(report.accepted());
        assertEquals(Set.of(
                new Problem("name", "must be 1 to 40 lower-case letters, digits or dashes, starting and ending with a letter or digit (e.g. speed-alert)"),
                new Problem("version", "must be a semantic version such as 1.0.0 or 2.1.0-beta.1"),
                new Problem("port", "must be <= 65535"),
                new Problem("sensors[0].count", "must be >= 1")), Set.copyOf(report.problems()));
        assertEquals(4, report.problems().size(), report.problems()::toString);
    }

    @Test
    void namesTheFileForProblemsWithTheWholeDescriptor() throws IOException {
        assertProblems(List.of(new Problem("plinth.yaml", "is empty")),
                inspect(TestZip.empty().file("plinth.yaml", "  \n").file("speed-alert.jar", TestZip.JAR)));
        assertProblems(List.of(new Problem("plinth.yaml", "is not UTF-8 text; save it as UTF-8")),
                inspect(TestZip.empty().file("plinth.yaml", new byte[]{'n', 'a', (byte) 0xFF, ':'})));
    }

    @Test
    void refusesARunCommandThatNamesAMissingFile() throws IOException {
        PackageReport report = inspect(TestZip.empty().file("plinth.yaml", TestZip.VALID_DESCRIPTOR));

        assertProblems(List.of(new Problem("run.command", "speed-alert.jar is not in the package")), report);
    }

    @Test
    void pointsAtTheFileWhenTheCommandNamesItAtTheWrongPlace() throws IOException {
        PackageReport report = inspect(TestZip.empty()
                .file("plinth.yaml", TestZip.VALID_DESCRIPTOR)
                .file("target/speed-alert.jar", TestZip.JAR));

        assertProblems(List.of(new Problem("run.command", "speed-alert.jar is not in the package "
                + "(the zip has target/speed-alert.jar; the command runs in the root of the package)")), report);
    }

    @Test
    void refusesUnknownSensorAndControllerTypes() throws IOException {
        String yaml = """
                name: speed-alert
                version: 1.0.0
                run: { command: [java, -jar, speed-alert.jar] }
                sensors:
                  - { name: speed, type: vehicle-speed }
                  - { name: wet, type: humidity }
                controllers:
                  - { name: siren, type: siren }
                """;

        PackageReport report = inspect(TestZip.empty().file("plinth.yaml", yaml).file("speed-alert.jar", TestZip.JAR));

        assertProblems(List.of(
                new Problem("sensors[1].type", "unknown sensor type 'humidity'; registered types: temperature, vehicle-speed"),
                new Problem("controllers[0].type", "unknown controller type 'siren'; registered types: buzzer")), report);
    }

    @Test
    void saysWhenNoDeviceTypesAreRegisteredYet() throws IOException {
        PackageInspector withEmptyCatalog = new PackageInspector(new DeviceTypeCatalog() {
            @Override
            public Set<String> knownSensorTypes() {
                return Set.of();
            }

            @Override
            public Set<String> knownControllerTypes() {
                return Set.of("buzzer");
            }
        });

        PackageReport report = withEmptyCatalog.inspect(TestZip.valid().writeTo(dir), LIMITS);

        assertProblems(List.of(new Problem("sensors[0].type", "unknown sensor type 'vehicle-speed'; registered types: none yet")), report);
    }

    // --- where it runs ---------------------------------------------------------------------------

    static Stream<Arguments> runnablePackages() {
        return Stream.of(
                Arguments.of("a command runs on process", "run: { command: [java, -jar, app.jar] }",
                        List.of("app.jar"), List.of("process")),
                Arguments.of("an image runs on docker, with nothing else in the package", "run: { image: 'busybox:1.36' }",
                        List.of(), List.of("docker")),
                Arguments.of("a command and an image run on both", "run: { command: [java, -jar, app.jar], image: 'hello:1' }",
                        List.of("app.jar"), List.of("process", "docker")),
                Arguments.of("a root Dockerfile and no run section runs on docker", "", List.of("Dockerfile", "index.html"),
                        List.of("docker")),
                Arguments.of("a root Dockerfile and an empty run section runs on docker", "run: {}", List.of("Dockerfile"),
                        List.of("docker")),
                Arguments.of("a Dockerfile beside a command is not used", "run: { command: [java, -jar, app.jar] }",
                        List.of("app.jar", "Dockerfile"), List.of("process")),
                Arguments.of("a Dockerfile beside an image is not used", "run: { image: hello }", List.of("Dockerfile"),
                        List.of("docker")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runnablePackages")
    void acceptsAPackageAndSaysWhichRuntimesItRunsOn(String name, String run, List<String> files, List<String> runtimes)
            throws IOException {
        TestZip zip = TestZip.empty().file("plinth.yaml", "name: app\nversion: 1.0.0\n" + run + "\n");
        for (String file : files) {
            zip.file(file, "content of " + file);
        }

        PackageReport report = inspect(zip);

        PackageReport.Accepted accepted = assertInstanceOf(PackageReport.Accepted.class, report, () -> report.problems().toString());
        assertEquals(runtimes, accepted.runtimes());
    }

    private static final String NOWHERE = "gives no way to run the app: set run.command (a command for the process runtime), "
            + "run.image (a container image for the docker runtime), or put a Dockerfile at the root of the package "
            + "(the docker runtime builds it)";

    static Stream<Arguments> packagesThatRunNowhere() {
        return Stream.of(
                Arguments.of("no run section and no Dockerfile", "", List.of("index.html"), NOWHERE),
                Arguments.of("an empty run section and no Dockerfile", "run: {}", List.of(), NOWHERE),
                Arguments.of("a Dockerfile in a folder only", "", List.of("app/Dockerfile"),
                        NOWHERE + " (the zip has app/Dockerfile; only a file named exactly Dockerfile at the root of the package counts)"),
                Arguments.of("a dockerfile in lower case", "", List.of("dockerfile"),
                        NOWHERE + " (the zip has dockerfile; only a file named exactly Dockerfile at the root of the package counts)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packagesThatRunNowhere")
    void refusesAPackageThatRunsNowhereSayingWhatToAdd(String name, String run, List<String> files, String message)
            throws IOException {
        TestZip zip = TestZip.empty().file("plinth.yaml", "name: app\nversion: 1.0.0\n" + run + "\n");
        for (String file : files) {
            zip.file(file, "content of " + file);
        }

        assertProblems(List.of(new Problem("run", message)), inspect(zip));
    }

    @Test
    void refusesAnImageReferenceItCannotPull() throws IOException {
        PackageReport report = inspect(TestZip.empty().file("plinth.yaml", "name: app\nversion: 1.0.0\nrun: { image: 'Hello World' }\n"));

        assertProblems(List.of(new Problem("run.image", "contains a space or a control character; write the reference without "
                + "them, such as speed-alert:1.0.0 or registry.example.com/team/speed-alert:1.0.0")), report);
    }

    // --- everything at once --------------------------------------------------------------------

    @Test
    void reportsProblemsOfEveryKindTogether() throws IOException {
        PackageReport report = inspect(TestZip.empty()
                .file("plinth.yaml", TestZip.VALID_DESCRIPTOR.replace("vehicle-speed", "radar"))
                .file("../evil", "x")
                .withMode("link", 0120777, "/etc/shadow"));

        assertProblems(List.of(
                new Problem("../evil", "has a '..' segment that points outside the package; paths must stay inside it"),
                new Problem("link", "is a symbolic link; Plinth unpacks only files and folders, so put the file itself in the zip"),
                new Problem("run.command", "speed-alert.jar is not in the package"),
                new Problem("sensors[0].type", "unknown sensor type 'radar'; registered types: temperature, vehicle-speed")), report);
    }
}
