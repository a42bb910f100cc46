package dev.plinth.contracts.descriptor;

import dev.plinth.contracts.validation.InvalidDocumentException;
import dev.plinth.contracts.validation.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DescriptorParserTest {

    private static final String VALID = """
            name: speed-alert
            version: 1.0.0
            run:
              command: ["java", "-jar", "speed-alert.jar"]
            port: 8080
            health: { path: /health, intervalSeconds: 5, timeoutSeconds: 2 }
            instances: 2
            resources: { cpu: 0.5, memoryMb: 256 }
            placement: { labels: { zone: north } }
            sensors:
              - { name: speed, type: vehicle-speed, count: 10, where: { route: A1 } }
            controllers:
              - { name: buzzer, type: buzzer, count: 1 }
            env: { THRESHOLD_KMH: "90" }
            """;

    private final DescriptorParser parser = new DescriptorParser();

    @Test
    void parsesTheDesignExample() {
        AppDescriptor d = parser.parse(VALID);
        assertEquals("speed-alert", d.name());
        assertEquals("1.0.0", d.version());
        assertEquals(List.of("java", "-jar", "speed-alert.jar"), d.run().command());
        assertEquals(2, d.instances());
        assertEquals(new Resources(0.5, 256), d.resources());
        assertEquals(Map.of("zone", "north"), d.placement().labels());
        assertEquals(new SensorRequirement("speed", "vehicle-speed", 10, Map.of("route", "A1"), "shared"), d.sensors().get(0));
        assertEquals(new ControllerRequirement("buzzer", "buzzer", 1, Map.of()), d.controllers().get(0));
        assertEquals(new HealthCheck("/health", 5, 2, 3, 60), d.health());
        assertEquals(Map.of("THRESHOLD_KMH", "90"), d.env());
    }

    @Test
    void fillsDefaults() {
        AppDescriptor d = parser.parse("name: a\nversion: 0.1.0\nrun: { command: [./start.sh] }\n");
        assertEquals(8080, d.port());
        assertEquals(1, d.instances());
        assertEquals(HealthCheck.DEFAULT, d.health());
        assertEquals(Resources.DEFAULT, d.resources());
        assertTrue(d.sensors().isEmpty());
    }

    /** Whether such a package runs anywhere depends on its files (a Dockerfile), so the upload decides, not the parser. */
    @Test
    void aDescriptorWithoutRunParsesWithNeitherCommandNorImage() {
        for (String yaml : List.of("name: a\nversion: 1.0.0\n", "name: a\nversion: 1.0.0\nrun: {}\n")) {
            AppDescriptor d = parser.parse(yaml);
            assertEquals(new RunSpec(List.of(), null), d.run(), yaml);
        }
    }

    /** The examples the schema shows editors are valid themselves, and run where they say. */
    @Test
    void theSchemasOwnExamplesOfRunAreValid() {
        com.fasterxml.jackson.databind.JsonNode run = parser.schema().path("properties").path("run");
        List<List<String>> runtimes = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode example : run.path("examples")) {
            AppDescriptor d = parser.parse("name: a\nversion: 1.0.0\nrun: " + example + "\n");
            runtimes.add(PackageRuntimes.of(d.run(), false));
        }
        assertEquals(List.of(List.of("process"), List.of("docker"), List.of("process", "docker")), runtimes);
        for (com.fasterxml.jackson.databind.JsonNode image : run.path("properties").path("image").path("examples")) {
            assertTrue(ImageReference.isValid(image.asText()), image.asText());
        }
        assertEquals(3, run.path("properties").path("image").path("examples").size());
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("name: Bad_Name\nversion: 1.0.0\nrun: {command: [x]}", "name",
                        "must be 1 to 40 lower-case letters, digits or dashes, starting and ending with a letter or digit (e.g. speed-alert)"),
                Arguments.of("name: a\nversion: '1.0'\nrun: {command: [x]}", "version",
                        "must be a semantic version such as 1.0.0 or 2.1.0-beta.1"),
                Arguments.of("name: a\nversion: 1.0.0\nrun: {image: Speed-Alert:1.0.0}", "run.image",
                        "has upper-case letters in its repository name ('Speed-Alert'); repository names are lower case, as speed-alert"),
                Arguments.of("name: a\nversion: 1.0.0\nrun: {image: 'speed-alert: 1.0.0'}", "run.image",
                        "contains a space or a control character; write the reference without them, such as speed-alert:1.0.0 "
                                + "or registry.example.com/team/speed-alert:1.0.0"),
                Arguments.of("name: a\nversion: 1.0.0\nrun: {image: 'speed-alert:1.0.0@sha256:abc'}", "run.image",
                        "has the digest 'sha256:abc'; a digest is sha256: followed by 64 lower-case hex digits"),
                Arguments.of("name: a\nversion: 1.0.0\nrun: {command: [x]}\nport: 70000", "port", "must be <= 65535"),
                Arguments.of("name: a\nversion: 1.0.0\nrun: {command: [x]}\ninstances: two", "instances",
                        "must be an integer, not a string"),
                Arguments.of("name: a\nversion: 1.0.0\nrun: {command: [x]}\nresources: {cpu: 0}", "resources.cpu", "must be > 0"),
                Arguments.of("name: a\nversion: 1.0.0\nrun: {command: [x]}\nsensors: [{name: s, type: t}, {name: u, type: t, count: 0}]",
                        "sensors[1].count", "must be >= 1"),
                Arguments.of("name: a\nversion: 1.0.0\nrun: {command: [x]}\nsensors: [{name: s, type: t, delivery: all}]",
                        "sensors[0].delivery", "must be one of: shared, broadcast"),
                Arguments.of("name: a\nversion: 1.0.0\nrun: {command: [x]}\nsensors: [{name: s}]",
                        "sensors[0].type", "is required"),
                Arguments.of("name: a\nversion: 1.0.0\nrun: {command: [x]}\nsensors: [{name: s, type: t}, {name: s, type: t}]",
                        "sensors[1].name", "'s' is already used by sensors[0]; names must be unique"),
                Arguments.of("name: a\nversion: 1.0.0\nrun: {command: [x]}\nenv: {PORT: '1'}", "env.PORT",
                        "must be a variable name (letters, digits and _, not starting with a digit) other than PORT and PLINTH_*, which Plinth sets"),
                Arguments.of("name: a\nversion: 1.0.0\nrun: {command: []}", "run.command", "must have at least one item"),
                Arguments.of("name: a\nversion: 1.0.0\nrun: {command: [x]}\nhealth: {path: health}", "health.path",
                        "must be an absolute URL path such as /health"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void reportsTheProblemWithItsPath(String yaml, String path, String message) {
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> parser.parse(yaml));
        assertTrue(e.problems().contains(new Problem(path, message)), () -> "got " + e.problems());
    }

    @Test
    void reportsEveryProblemNotOnlyTheFirst() {
        String yaml = "name: Bad\nversion: x\nrun: {image: 'a b'}\nport: 0\ncolour: red\n";
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> parser.parse(yaml));
        Set<String> paths = Set.copyOf(e.problems().stream().map(Problem::path).toList());
        assertEquals(Set.of("name", "version", "run.image", "port", "colour"), paths, () -> "got " + e.problems());
        assertEquals(1, e.problems().stream().filter(p -> p.path().equals("run.image")).count(),
                () -> "the image rule's problem replaces the schema's: " + e.problems());
        Problem unknown = e.problems().stream().filter(p -> p.path().equals("colour")).findFirst().orElseThrow();
        assertTrue(unknown.message().startsWith("is not a known field (known fields: name, version"), unknown.message());
    }

    static Stream<Arguments> unreadable() {
        return Stream.of(
                Arguments.of("", "is empty"),
                Arguments.of("- a\n- b\n", "must be a YAML mapping of fields (key: value), not array"),
                Arguments.of("name: a\nname: b\n", "is not valid YAML"),
                Arguments.of("name: [unclosed\n", "is not valid YAML"));
    }

    @ParameterizedTest
    @MethodSource("unreadable")
    void refusesUnreadableYaml(String yaml, String messageStart) {
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> parser.parse(yaml));
        assertEquals(1, e.problems().size());
        assertTrue(e.problems().get(0).message().startsWith(messageStart), () -> "got " + e.problems());
    }

    @Test
    void doesNotExpandAliasBombs() {
        StringBuilder yaml = new StringBuilder("name: a\nversion: 1.0.0\nrun: {command: [x]}\nl0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 12; i++) {
            yaml.append("l").append(i).append(": &l").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, "*l" + (i - 1)))).append("]\n");
        }
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> parser.parse(yaml.toString()));
        assertEquals(12, e.problems().size(), () -> "got " + e.problems());
        assertTrue(e.problems().stream().allMatch(p -> p.message().startsWith("is not a known field")));
    }

    static Stream<Arguments> namedFiles() {
        return Stream.of(
                Arguments.of(List.of("java", "-jar", "speed-alert.jar"), Set.of("speed-alert.jar")),
                Arguments.of(List.of("java", "-Xmx64m", "-cp", "lib/app.jar", "com.example.Main"), Set.of("lib/app.jar")),
                Arguments.of(List.of("./run"), Set.of("run")),
                Arguments.of(List.of("python3", "app/main.py", "--port=8080"), Set.of("app/main.py")),
                Arguments.of(List.of("/usr/bin/env", "node", "server.js"), Set.of("server.js")),
                Arguments.of(List.of("busybox", "httpd", "-f"), Set.of()));
    }

    @ParameterizedTest
    @MethodSource("namedFiles")
    void findsTheFilesACommandNames(List<String> command, Set<String> files) {
        assertEquals(files, DescriptorParser.filesNamedBy(new RunSpec(command, null)));
    }
}
