package dev.plinth.contracts.descriptor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.plinth.contracts.descriptor.PackageRuntimes.DOCKER;
import static dev.plinth.contracts.descriptor.PackageRuntimes.PROCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PackageRuntimesTest {

    private static final List<String> COMMAND = List.of("java", "-jar", "app.jar");
    private static final String IMAGE = "speed-alert:1.0.0";

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of("a command runs on process", new RunSpec(COMMAND, null), false, List.of(PROCESS), false),
                Arguments.of("an image runs on docker", new RunSpec(List.of(), IMAGE), false, List.of(DOCKER), false),
                Arguments.of("a command and an image run on both", new RunSpec(COMMAND, IMAGE), false,
                        List.of(PROCESS, DOCKER), false),
                Arguments.of("a Dockerfile alone runs on docker, built from the package", new RunSpec(List.of(), null), true,
                        List.of(DOCKER), true),
                Arguments.of("a Dockerfile and no run section at all runs on docker", null, true, List.of(DOCKER), true),
                Arguments.of("a Dockerfile beside a command is not used", new RunSpec(COMMAND, null), true,
                        List.of(PROCESS), false),
                Arguments.of("a Dockerfile beside an image is not used: the image runs", new RunSpec(List.of(), IMAGE), true,
                        List.of(DOCKER), false),
                Arguments.of("a Dockerfile beside a command and an image: both, from the image",
                        new RunSpec(COMMAND, IMAGE), true, List.of(PROCESS, DOCKER), false),
                Arguments.of("nothing runs nowhere", new RunSpec(List.of(), null), false, List.of(), false),
                Arguments.of("no run section and no Dockerfile runs nowhere", null, false, List.of(), false),
                Arguments.of("an empty image counts as none", new RunSpec(List.of(), ""), false, List.of(), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void decidesTheRuntimesOfAPackage(String name, RunSpec run, boolean dockerfile, List<String> runtimes, boolean builds) {
        assertEquals(runtimes, PackageRuntimes.of(run, dockerfile));
        assertEquals(builds, PackageRuntimes.buildsImage(run, dockerfile));
    }

    static Stream<Arguments> stored() {
        return Stream.of(
                Arguments.of("a spec stored before runtimes were recorded runs on process", null, List.of(PROCESS)),
                Arguments.of("a field of another type reads as missing", "docker", List.of(PROCESS)),
                Arguments.of("docker only", List.of("docker"), List.of(DOCKER)),
                Arguments.of("both, in any order, come back in the usual order", List.of("docker", "process"),
                        List.of(PROCESS, DOCKER)),
                Arguments.of("an empty list runs nowhere", List.of(), List.of()),
                Arguments.of("an unknown runtime is kept after the known ones, once", Arrays.asList("kubernetes", null,
                        "docker", "kubernetes"), List.of(DOCKER, "kubernetes")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stored")
    void readsTheRuntimesOfAStoredSpec(String name, Object value, List<String> runtimes) {
        assertEquals(runtimes, PackageRuntimes.ofStoredSpec(value));
    }

    @Test
    void describesRuntimesForPeople() {
        Map<List<String>, String> cases = Map.of(List.of(), "none", List.of(PROCESS), "process",
                List.of(PROCESS, DOCKER), "process and docker", List.of(PROCESS, DOCKER, "kubernetes"),
                "process, docker and kubernetes");
        cases.forEach((runtimes, text) -> assertEquals(text, PackageRuntimes.describe(runtimes)));
    }
}
