package dev.plinth.bootstrapper.supervisor;

import dev.plinth.bootstrapper.infra.InfrastructureEndpoints;
import dev.plinth.bootstrapper.infra.LdapLayout;
import dev.plinth.bootstrapper.infra.kafka.KafkaLogins;
import dev.plinth.contracts.inventory.InventoryLoader;
import dev.plinth.contracts.inventory.NodeInventory;
import dev.plinth.kit.kafka.KafkaCredentials;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** An agent gets its node's runtime and, on a docker node, how to use the engine, from the inventory. */
class AgentConfigTest {

    private final SubsystemConfig config = new SubsystemConfig(new InfrastructureEndpoints("127.0.0.1:9092",
            KafkaLogins.shared(KafkaCredentials.scram("plinth", "secret")), "mongodb://127.0.0.1:27017", "plinth",
            "ldap://127.0.0.1:1389", "cn=manager", "pw", LdapLayout.DEFAULT, "tcp://127.0.0.1:1883", Path.of("/tmp/a"),
            Optional.empty(), "c", Map.of()), "jwt-secret", Path.of("/tmp/plinth-data"), Path.of("plinth-nodes.yaml"));

    private final NodeInventory inventory = new InventoryLoader().parse("test", """
            nodes:
              - { name: boxes, kind: local, capacity: { cpu: 2, memoryMb: 2048 }, runtime: docker,
                  docker: { host: "tcp://127.0.0.1:2375", pull: never } }
              - { name: procs, kind: local, capacity: { cpu: 2, memoryMb: 2048 }, runtime: process, ports: { from: 23000, to: 23099 } }
            """);

    @Test
    void aDockerNodesAgentGetsItsEngineNetworkAndPullPolicy() {
        Map<String, Object> p = config.agent(inventory.node("boxes").orElseThrow(), URI.create("http://127.0.0.1:8080"));
        assertEquals("docker", p.get("plinth.agent.runtime"));
        assertEquals("tcp://127.0.0.1:2375", p.get("plinth.agent.docker.host"));
        assertEquals("isolated", p.get("plinth.agent.docker.network"));
        assertEquals("never", p.get("plinth.agent.docker.pull"));
    }

    @Test
    void aProcessNodesAgentGetsNoDockerSettings() {
        Map<String, Object> p = config.agent(inventory.node("procs").orElseThrow(), URI.create("http://127.0.0.1:8080"));
        assertEquals("process", p.get("plinth.agent.runtime"));
        assertFalse(p.keySet().stream().anyMatch(k -> k.startsWith("plinth.agent.docker.")), p.toString());
    }
}
