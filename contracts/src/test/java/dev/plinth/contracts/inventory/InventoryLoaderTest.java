package dev.plinth.contracts.inventory;

import dev.plinth.contracts.validation.InvalidDocumentException;
import dev.plinth.contracts.validation.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InventoryLoaderTest {

    private final InventoryLoader loader = new InventoryLoader();

    @Test
    void loadsNodesWithDefaults() {
        NodeInventory inventory = loader.parse("test", """
                nodes:
                  - { name: node-1, kind: local, capacity: { cpu: 2, memoryMb: 2048 }, runtime: process, labels: { zone: north } }
                  - { name: node-2, kind: remote, address: 10.0.0.2, capacity: { cpu: 4, memoryMb: 8192 }, runtime: docker,
                      ports: { from: 30000, to: 30099 } }
                """);
        NodeSpec first = inventory.nodes().get(0);
        assertEquals("127.0.0.1", first.address());
        assertEquals(NodeKind.LOCAL, first.kind());
        assertEquals(Map.of("zone", "north"), first.labels());
        assertEquals(new NodeSpec.PortRange(21000, 21999), first.ports());
        assertEquals(new NodeSpec.PortRange(30000, 30099), inventory.nodes().get(1).ports());
        assertEquals(1, inventory.localNodes().size());
    }

    @Test
    void isolationIsRequiredUnlessANodeSaysNone() {
        NodeInventory inventory = loader.parse("test", """
                nodes:
                  - { name: node-1, kind: local, capacity: { cpu: 2, memoryMb: 2048 }, runtime: process }
                  - { name: node-2, kind: local, capacity: { cpu: 2, memoryMb: 2048 }, runtime: process, isolation: required,
                      ports: { from: 23000, to: 23099 } }
                  - { name: trusted, kind: local, capacity: { cpu: 2, memoryMb: 2048 }, runtime: process, isolation: none,
                      ports: { from: 24000, to: 24099 } }
                """);
        assertEquals(Isolation.REQUIRED, inventory.node("node-1").orElseThrow().isolation());
        assertEquals(Isolation.REQUIRED, inventory.node("node-2").orElseThrow().isolation());
        assertEquals(Isolation.NONE, inventory.node("trusted").orElseThrow().isolation());
        assertEquals(Isolation.REQUIRED, new NodeSpec("old", NodeKind.LOCAL, "127.0.0.1", new NodeSpec.Capacity(1, 512),
                Map.of(), "process", new NodeSpec.PortRange(21000, 21009)).isolation(), "code that predates the field");
    }

    @Test
    void aDockerNodeSaysHowItsAgentUsesTheEngine() {
        NodeInventory inventory = loader.parse("test", """
                nodes:
                  - { name: plain, kind: local, capacity: { cpu: 2, memoryMb: 2048 }, runtime: docker }
                  - { name: remote-engine, kind: remote, address: 10.0.0.7, capacity: { cpu: 2, memoryMb: 2048 }, runtime: docker,
                      docker: { host: "tcp://10.0.0.7:2375", network: host, pull: never }, isolation: none,
                      ports: { from: 23000, to: 23099 } }
                """);
        assertEquals(new NodeSpec.Docker("unix:///var/run/docker.sock", "isolated", "if-missing"),
                inventory.node("plain").orElseThrow().docker(), "the defaults");
        assertEquals(new NodeSpec.Docker("tcp://10.0.0.7:2375", "host", "never"),
                inventory.node("remote-engine").orElseThrow().docker());
    }

    static Stream<Arguments> badInventories() {
        return Stream.of(
                Arguments.of("unknown field", """
                        nodes:
                          - { name: node-1, kind: local, capacity: { cpu: 2, memoryMb: 512 }, runtime: process, colour: red }
                        """, "nodes[node-1].colour", "is not a known field"),
                Arguments.of("duplicate name", """
                        nodes:
                          - { name: node-1, kind: local, capacity: { cpu: 2, memoryMb: 512 }, runtime: process }
                          - { name: node-1, kind: local, capacity: { cpu: 2, memoryMb: 512 }, runtime: process }
                        """, "nodes[node-1].name", "duplicate node name: nodes[0] and nodes[1] are both called 'node-1'"),
                Arguments.of("negative cpu", """
                        nodes:
                          - { name: node-2, kind: local, capacity: { cpu: -1, memoryMb: 512 }, runtime: process }
                        """, "nodes[node-2].capacity.cpu", "must be a positive number of cores"),
                Arguments.of("negative memory", """
                        nodes:
                          - { name: node-3, kind: local, capacity: { cpu: 1, memoryMb: -5 }, runtime: process }
                        """, "nodes[node-3].capacity.memoryMb", "must be a positive number of megabytes"),
                Arguments.of("missing runtime", """
                        nodes:
                          - { name: node-4, kind: local, capacity: { cpu: 1, memoryMb: 512 } }
                        """, "nodes[node-4].runtime", "is required"),
                Arguments.of("unknown runtime", """
                        nodes:
                          - { name: node-5, kind: local, capacity: { cpu: 1, memoryMb: 512 }, runtime: vm }
                        """, "nodes[node-5].runtime", "must be one of: process, docker"),
                Arguments.of("remote without address", """
                        nodes:
                          - { name: far, kind: remote, capacity: { cpu: 1, memoryMb: 512 }, runtime: docker }
                        """, "nodes[far].address", "is required for a remote node"),
                Arguments.of("overlapping ports", """
                        nodes:
                          - { name: a, kind: local, capacity: { cpu: 1, memoryMb: 512 }, runtime: process, ports: { from: 30000, to: 30100 } }
                          - { name: b, kind: local, capacity: { cpu: 1, memoryMb: 512 }, runtime: process, ports: { from: 30100, to: 30200 } }
                        """, "nodes[b].ports", "overlaps the ports of node 'a'"),
                Arguments.of("isolation switched off by a word other than none", """
                        nodes:
                          - { name: edge-1, kind: local, capacity: { cpu: 1, memoryMb: 512 }, runtime: process, isolation: "off" }
                        """, "nodes[edge-1].isolation", "must be one of: required, none"),
                Arguments.of("isolation as a YAML boolean", """
                        nodes:
                          - { name: edge-2, kind: local, capacity: { cpu: 1, memoryMb: 512 }, runtime: process, isolation: false }
                        """, "nodes[edge-2].isolation", "must be one of: required, none"),
                Arguments.of("docker settings on a process node", """
                        nodes:
                          - { name: edge-3, kind: local, capacity: { cpu: 1, memoryMb: 512 }, runtime: process, docker: { pull: never } }
                        """, "nodes[edge-3].docker", "applies only to a node with runtime: docker"),
                Arguments.of("unknown docker network", """
                        nodes:
                          - { name: edge-4, kind: local, capacity: { cpu: 1, memoryMb: 512 }, runtime: docker, docker: { network: bridge } }
                        """, "nodes[edge-4].docker.network", "must be one of: isolated, host"),
                Arguments.of("unknown pull policy", """
                        nodes:
                          - { name: edge-5, kind: local, capacity: { cpu: 1, memoryMb: 512 }, runtime: docker, docker: { pull: sometimes } }
                        """, "nodes[edge-5].docker.pull", "must be one of: always, if-missing, never"),
                Arguments.of("docker host that is no address", """
                        nodes:
                          - { name: edge-6, kind: local, capacity: { cpu: 1, memoryMb: 512 }, runtime: docker, docker: { host: "/var/run/docker.sock" } }
                        """, "nodes[edge-6].docker.host", "must be unix:///PATH or tcp://HOST:PORT"),
                Arguments.of("no nodes", "nodes: []\n", "nodes", "must have at least one item"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInventories")
    void namesTheNodeAndTheField(String caseName, String yaml, String path, String messageStart) {
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> loader.parse("test", yaml));
        assertTrue(e.problems().stream().anyMatch(p -> p.path().equals(path) && p.message().startsWith(messageStart)),
                () -> "got " + e.problems());
        assertTrue(e.getMessage().contains(path), e.getMessage());
    }

    @Test
    void theDefaultInventoryIsValid() {
        NodeInventory inventory = loader.load(java.nio.file.Path.of("../plinth-nodes.yaml"));
        assertEquals(3, inventory.localNodes().size());
        assertTrue(inventory.nodes().stream().allMatch(n -> n.runtime().equals("process")));
        assertEquals(new Problem("a", "b").toString(), "a: b");
    }
}
