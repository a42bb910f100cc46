package dev.plinth.agent.runtime.docker;

import dev.plinth.agent.testinfra.AgentContexts;
import dev.plinth.agent.testinfra.AgentLine;
import dev.plinth.contracts.events.InstanceSpec;
import dev.plinth.contracts.events.InstanceState;
import dev.plinth.contracts.events.InstanceStatus;
import dev.plinth.contracts.events.LogRecord;
import dev.plinth.contracts.events.NodeCommand;
import dev.plinth.contracts.events.NodeHeartbeat;
import dev.plinth.contracts.runtime.Runtime;
import dev.plinth.kit.net.FreePorts;
import dev.plinth.testkit.apps.TinyApp;
import dev.plinth.testkit.docker.PrivateDockerd;
import dev.plinth.testkit.kafka.InProcessKafka;
import dev.plinth.testkit.kafka.TopicTap;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node agent of {@code runtime: docker} in its own context, as the bootstrapper configures it,
 * against a real Kafka broker, a private dockerd and an HTTP server holding the package: a package
 * whose Dockerfile builds a busybox web server is started on command, reported healthy at its own
 * address, its build and app output shipped as its log lines, and stopped.
 */
class DockerAgentTest {

    private static final String NODE = "node-d";
    private static final Duration WAIT = Duration.ofSeconds(90);
    @TempDir
    static Path dir;

    private static PrivateDockerd engine;
    private static InProcessKafka kafka;
    private static TinyApp app;
    private static ApplicationContext agent;
    private static JsonMapper json;
    private static AgentLine line;
    private static TopicTap<InstanceStatus> statuses;
    private static TopicTap<LogRecord> logs;
    private static TopicTap<NodeHeartbeat> heartbeats;

    @BeforeAll
    static void start() throws Exception {
        engine = PrivateDockerd.start();
        kafka = InProcessKafka.shared();
        app = new TinyApp();
        Path inventory = dir.resolve("nodes.yaml");
        Files.writeString(inventory, """
                nodes:
                  - name: node-d
                    kind: local
                    capacity: { cpu: 2, memoryMb: 2048 }
                    runtime: docker
                    ports: { from: 20000, to: 29999 }
                """);
        agent = AgentContexts.agent(kafka, NODE, inventory, dir.resolve("agent"), app.gatewayUrl(), Map.of(
                "plinth.agent.runtime", "docker",
                "plinth.agent.docker.host", engine.host(),
                "plinth.agent.docker.pull", "never",
                "plinth.agent.stop-grace", "3s"));
        Runtime runtime = agent.getBean(Runtime.class);
        assertInstanceOf(DockerRuntime.class, runtime, "runtime: docker gives the docker runtime");
        assertEquals(List.of(), runtime.isolationProblems(), "this machine must isolate containers for these tests");
        json = agent.getBean(JsonMapper.class);
        line = new AgentLine(kafka, json, NODE, WAIT);
        statuses = line.statuses;
        logs = line.logs;
        heartbeats = line.heartbeats;
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (line != null) {
            line.close();
        }
        if (app != null) {
            app.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aDockerfilePackageIsBuiltStartedReportedHealthyAndStopped() throws Exception {
        byte[] zip = TinyApp.zip(Map.of("Dockerfile", """
                FROM plinth-test/busybox:1
                RUN echo the-build-ran
                CMD ["/bin/sh", "-c", "echo serving on $PORT; exec /bin/busybox httpd -f -p $PORT -h /www"]
                """));
        String sha = TinyApp.sha256(zip);
        app.serve(sha, zip);
        String id = "boxed-" + UUID.randomUUID().toString().substring(0, 8);
        int port = FreePorts.next();
        send(new NodeCommand(UUID.randomUUID().toString(), "start:" + id + ":3", NodeCommand.Type.START_INSTANCE, NODE, id, 3,
                new InstanceSpec(id, "boxed", "2.0.0", "dep-9", sha, app.artifactUrl(sha), List.of(), null, port, port, Map.of(),
                        0.5, 128, "/health", 1, 2, 3, 60, List.of("docker")), null, Instant.now(), 0));

        InstanceStatus starting = awaitState(id, InstanceState.STARTING);
        assertTrue(starting.host().startsWith("10.213."), "the inner end of its own network namespace: " + starting.host());
        awaitState(id, InstanceState.HEALTHY);
        logs.await(r -> id.equals(r.instanceId()) && r.message().contains("the-build-ran"), WAIT, "the build's output");
        logs.await(r -> id.equals(r.instanceId()) && r.message().equals("serving on " + port), WAIT, "the app's output");
        heartbeats.await(h -> NODE.equals(h.nodeId()) && h.instances().contains(id), WAIT, "a heartbeat listing " + id);
        assertTrue(engine.docker("images", "-q", "plinth/boxed:2.0.0-" + sha.substring(0, 12)).length() > 0, "the built image");

        send(new NodeCommand(UUID.randomUUID().toString(), "stop:" + id, NodeCommand.Type.STOP_INSTANCE, NODE, id, 3, null,
                "test", Instant.now(), 0));
        InstanceStatus stopped = awaitState(id, InstanceState.STOPPED);
        assertTrue(stopped.message().startsWith("stopped on command"), stopped.message());
        assertEquals("", engine.docker("ps", "-aq", "--filter", "label=dev.plinth.instance=" + id), "its container is removed");
        assertFalse(agent.getBean(Runtime.class).running().contains(id));
    }

    private static InstanceStatus awaitState(String id, InstanceState state) {
        return line.awaitState(id, state);
    }

    private static void send(NodeCommand command) throws Exception {
        line.send(command);
    }
}
