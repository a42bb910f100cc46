package dev.plinth.bootstrapper.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code plinth up} with a bad inventory stops before starting anything, naming the node and field, with exit code 2. */
class BadInventoryTest {

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("unknown field", """
                        nodes:
                          - { name: node-1, kind: local, capacity: { cpu: 2, memoryMb: 512 }, runtime: process, gpu: 1 }
                        """, "nodes[node-1].gpu: is not a known field"),
                Arguments.of("duplicate name", """
                        nodes:
                          - { name: edge, kind: local, capacity: { cpu: 2, memoryMb: 512 }, runtime: process, ports: { from: 30000, to: 30099 } }
                          - { name: edge, kind: local, capacity: { cpu: 2, memoryMb: 512 }, runtime: process, ports: { from: 30100, to: 30199 } }
                        """, "nodes[edge].name: duplicate node name"),
                Arguments.of("negative capacity", """
                        nodes:
                          - { name: edge-2, kind: local, capacity: { cpu: -2, memoryMb: 512 }, runtime: process }
                        """, "nodes[edge-2].capacity.cpu: must be a positive number of cores"),
                Arguments.of("missing runtime", """
                        nodes:
                          - { name: edge-3, kind: local, capacity: { cpu: 1, memoryMb: 512 } }
                        """, "nodes[edge-3].runtime: is required"),
                Arguments.of("not YAML", "nodes: [ {name: x\n", "is not valid YAML"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void stopsWithTheNodeAndField(String name, String yaml, String expected) throws Exception {
        Path inventory = dir.resolve("nodes.yaml");
        Files.writeString(inventory, yaml);
        Path data = dir.resolve("data");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int code;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            code = PlinthCli.run("up", "--inventory", inventory.toString(), "--data", data.toString(), "--port", "0");
        } finally {
            System.setErr(original);
        }
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, message);
        assertTrue(message.contains(expected), message);
        assertFalse(Files.exists(data.resolve("kafka")), "nothing was started");
    }

    @org.junit.jupiter.api.Test
    void aMissingInventoryFileIsBadInput() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int code;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            code = PlinthCli.run("up", "--inventory", dir.resolve("nope.yaml").toString(), "--data", dir.resolve("d").toString());
        } finally {
            System.setErr(original);
        }
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot read the inventory"), err.toString(StandardCharsets.UTF_8));
    }
}
