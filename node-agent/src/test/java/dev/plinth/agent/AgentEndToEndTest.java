package dev.plinth.agent;

import dev.plinth.agent.testinfra.CgroupFiles;
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
import dev.plinth.agent.runtime.process.ProcessRuntime;
import dev.plinth.testkit.apps.TinyApp;
import dev.plinth.testkit.kafka.InProcessKafka;
import dev.plinth.testkit.kafka.TopicTap;
import dev.plinth.testkit.wait.Waits;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node agent in its own context, as {@code plinth up} runs it, against a real Kafka broker and a
 * real HTTP server holding the package: a tiny Java web server started with the JDK's single-file
 * launcher. The node requires isolation, so instances run in bubblewrap within cgroup limits (the
 * agent runs as root here, as it must); hostile instances (a memory hog, a fork bomb) meet those limits.
 */
class AgentEndToEndTest {

    private static final String NODE = "node-t";
    private static final Duration WAIT = Duration.ofSeconds(90);
    @TempDir
    static Path dir;

    private static InProcessKafka kafka;
    private static TinyApp app;
    private static ApplicationContext agent;
    private static JsonMapper json;
    private static AgentLine line;
    private static TopicTap<InstanceStatus> statuses;
    private static TopicTap<LogRecord> logs;
    private static TopicTap<NodeHeartbeat> heartbeats;
    private static String serverSha;

    @BeforeAll
    static void start() throws Exception {
        kafka = InProcessKafka.shared();
        app = new TinyApp();
        serverSha = app.sha256();

        Path inventory = dir.resolve("nodes.yaml");
        Files.writeString(inventory, """
                nodes:
                  - name: node-t
                    kind: local
                    capacity: { cpu: 2, memoryMb: 2048 }
                    runtime: process
                    isolation: required
                    ports: { from: 20000, to: 29999 }
                """);
        agent = AgentContexts.agent(kafka, NODE, inventory, dir.resolve("agent"), app.gatewayUrl(), Map.of(
                "plinth.agent.stop-grace", "5s"));
        // Every test here is about isolated instances: on a machine that cannot isolate, fail, never run unconfined.
        ProcessRuntime runtime = agent.getBean(ProcessRuntime.class);
        assertEquals(List.of(), runtime.isolationProblems(), "this machine must isolate instances for these tests");
        assertTrue(runtime.sandboxed(), "instances run in bubblewrap");
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
    }

    @Test
    void startsReportsHealthShipsOutputAndStops() throws Exception {
        String id = "tiny-" + shortId();
        int port = FreePorts.next();
        send(start(id, spec(id, serverSha, port, Map.of(), 60)));

        InstanceStatus starting = awaitState(id, InstanceState.STARTING);
        assertEquals(NODE, starting.nodeId());
        assertTrue(starting.host().startsWith("10.213."), "the inner end of its own network namespace: " + starting.host());
        assertEquals(port, starting.port());
        assertEquals(7, starting.generation());
        assertNull(starting.message(), "isolated and limited: nothing to warn about");
        awaitState(id, InstanceState.HEALTHY);
        assertTrue(app.authorizations().stream().anyMatch(h -> h.startsWith("Bearer ey")), app.authorizations().toString());

        LogRecord out = logs.await(r -> id.equals(r.instanceId()) && r.message().startsWith("listening on"), WAIT, "stdout of " + id);
        assertEquals(LogRecord.SourceKind.INSTANCE, out.sourceKind());
        assertEquals("INFO", out.level());
        assertEquals("tiny", out.app());
        assertEquals(NODE, out.nodeId());
        assertEquals("listening on " + port + " as " + id + " of tiny on " + NODE, out.message());
        LogRecord err = logs.await(r -> id.equals(r.instanceId()) && r.message().equals("a line on stderr"), WAIT, "stderr of " + id);
        assertEquals("WARN", err.level());

        heartbeats.await(h -> NODE.equals(h.nodeId()) && h.instances().contains(id), WAIT, "a heartbeat listing " + id);

        // A repeated start changes nothing: no second process, the state is said again.
        Runtime runtime = agent.getBean(Runtime.class);
        long appPid = appProcess(runtime, id).pid();
        int reportsBefore = statuses.matching(s -> id.equals(s.instanceId())).size();
        send(start(id, spec(id, serverSha, port, Map.of(), 60)));
        statuses.await(s -> id.equals(s.instanceId()) && s.state() == InstanceState.HEALTHY
                && statuses.matching(x -> id.equals(x.instanceId())).size() > reportsBefore, WAIT, "a re-report of " + id);
        assertEquals(List.of(id), runtime.running().stream().filter(id::equals).toList());
        assertEquals(appPid, appProcess(runtime, id).pid());

        send(stop(id));
        InstanceStatus stopped = awaitState(id, InstanceState.STOPPED);
        assertTrue(stopped.message().startsWith("stopped on command"), stopped.message());
        assertFalse(ProcessHandle.of(appPid).map(ProcessHandle::isAlive).orElse(false), "the app's process is gone");
        assertFalse(runtime.running().contains(id));
        assertFalse(Files.exists(dir.resolve("agent/instances").resolve(id)), "its directory is deleted");
        assertTrue(Files.exists(dir.resolve("agent/artifacts").resolve(serverSha + ".zip")), "the package stays cached");
        List<InstanceState> seen = statuses.matching(s -> id.equals(s.instanceId())).stream().map(InstanceStatus::state).distinct().toList();
        assertEquals(List.of(InstanceState.STARTING, InstanceState.HEALTHY, InstanceState.STOPPED), seen);
    }

    @Test
    void aWrongChecksumFailsTheInstanceAndKeepsNothing() throws Exception {
        String id = "tiny-" + shortId();
        byte[] zip = TinyApp.zip(Map.of("Server.java", TinyApp.SERVER_JAVA + "\n// another package\n"));
        String claimed = "0".repeat(64);
        app.serve(claimed, zip);
        send(start(id, spec(id, claimed, FreePorts.next(), Map.of(), 60)));

        InstanceStatus failed = awaitState(id, InstanceState.FAILED);
        assertTrue(failed.message().contains("has sha256 " + TinyApp.sha256(zip)), failed.message());
        assertTrue(failed.message().contains("not the expected " + claimed), failed.message());
        assertFalse(Files.exists(dir.resolve("agent/artifacts").resolve(claimed + ".zip")));
        try (var files = Files.list(dir.resolve("agent/artifacts"))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".part")), "no partial download left");
        }
        assertTrue(statuses.matching(s -> id.equals(s.instanceId()) && s.state() == InstanceState.STARTING).isEmpty());
    }

    @Test
    void anAppThatAnswersItsHealthPathWith500BecomesUnhealthy() throws Exception {
        String id = "tiny-" + shortId();
        send(start(id, spec(id, serverSha, FreePorts.next(), Map.of("HEALTH_CODE", "500"), 4)));

        awaitState(id, InstanceState.STARTING);
        InstanceStatus unhealthy = awaitState(id, InstanceState.UNHEALTHY);
        assertTrue(unhealthy.message().startsWith("did not answer /health with 2xx within 4 s"), unhealthy.message());
        assertTrue(statuses.matching(s -> id.equals(s.instanceId()) && s.state() == InstanceState.HEALTHY).isEmpty());

        send(stop(id));
        awaitState(id, InstanceState.STOPPED);
    }

    @Test
    void aKilledAppIsReportedExitedWith137AtOnce() throws Exception {
        String id = "tiny-" + shortId();
        send(start(id, spec(id, serverSha, FreePorts.next(), Map.of(), 60)));
        awaitState(id, InstanceState.HEALTHY);

        ProcessHandle app = appProcess(agent.getBean(Runtime.class), id);
        Instant killedAt = Instant.now();
        assertTrue(app.destroyForcibly());
        InstanceStatus exited = awaitState(id, InstanceState.EXITED);
        assertEquals(137, exited.exitCode());
        assertTrue(exited.message().contains("SIGKILL"), exited.message());
        // Reported by the exit itself, not by a later sweep (a generous bound: these machines are noisy).
        assertTrue(Duration.between(killedAt, exited.timestamp()).toMillis() < 10_000, "reported at once");
        assertTrue(statuses.matching(s -> id.equals(s.instanceId()) && s.state() == InstanceState.UNHEALTHY).isEmpty(),
                "an exit is not also reported as failed health checks");

        // A stop of an instance that is not running any more says how it ended.
        int before = statuses.matching(s -> id.equals(s.instanceId())).size();
        send(stop(id));
        statuses.await(s -> id.equals(s.instanceId()) && statuses.matching(x -> id.equals(x.instanceId())).size() > before,
                WAIT, "the state of " + id + " said again");
        List<InstanceStatus> all = statuses.matching(s -> id.equals(s.instanceId()));
        assertEquals(InstanceState.EXITED, all.get(all.size() - 1).state());
    }

    @Test
    void anEnvWithLdPreloadIsRefusedBeforeAnythingIsLaunched() throws Exception {
        String id = "tiny-" + shortId();
        byte[] zip = TinyApp.zip(Map.of("Server.java", TinyApp.SERVER_JAVA, "evil.so", "not a library, never loaded"));
        String sha = TinyApp.sha256(zip);
        app.serve(sha, zip);
        send(start(id, spec(id, sha, FreePorts.next(), Map.of("LD_PRELOAD", "/app/evil.so", "GREETING", "hi"), 60)));

        InstanceStatus failed = awaitState(id, InstanceState.FAILED);
        assertTrue(failed.message().startsWith("refused to start: its env LD_PRELOAD is refused"), failed.message());
        assertTrue(statuses.matching(s -> id.equals(s.instanceId()) && s.state() == InstanceState.STARTING).isEmpty(),
                "nothing was launched");
        assertFalse(agent.getBean(Runtime.class).running().contains(id));
        assertFalse(Files.exists(dir.resolve("agent/instances").resolve(id)), "nothing of it is left on the node");
        logs.await(r -> id.equals(r.instanceId()) && r.sourceKind() == LogRecord.SourceKind.AGENT && "ERROR".equals(r.level())
                && r.message().contains("LD_PRELOAD"), WAIT, "the refusal in the app's log");
    }

    @Test
    void aMemoryHogIsReportedAsHavingUsedItsMemoryLimitNotAsABareExit() throws Exception {
        String id = "hog-" + shortId();
        String sha = serve(id);
        // tail looks for the last line of an endless file without line breaks: it keeps all of it in memory.
        send(start(id, spec(id, sha, FreePorts.next(), List.of("/usr/bin/tail", "/dev/zero"), 64, 600)));

        InstanceStatus exited = awaitState(id, InstanceState.EXITED);
        assertEquals(137, exited.exitCode());
        assertEquals("killed: it used its memory limit of 64 MiB (exit code 137)", exited.message());
        LogRecord line = logs.await(r -> id.equals(r.instanceId()) && r.sourceKind() == LogRecord.SourceKind.AGENT, WAIT,
                "the agent's line on " + id);
        assertEquals("instance " + id + " killed: it used its memory limit of 64 MiB (exit code 137)", line.message());
        assertEquals("WARN", line.level());
    }

    @Test
    void aForkBombStaysInItsPidsLimitWhileTheAgentKeepsHeartbeatingAndOtherInstancesAnswer() throws Exception {
        String neighbour = "tiny-" + shortId();
        send(start(neighbour, spec(neighbour, serverSha, FreePorts.next(), Map.of(), 60)));
        InstanceStatus healthy = awaitState(neighbour, InstanceState.HEALTHY);

        String bomb = "bomb-" + shortId();
        String sha = serve(bomb);
        send(start(bomb, spec(bomb, sha, FreePorts.next(),
                List.of("/bin/sh", "-c", "b() { b | b & }; b; exec sleep 3600"), 256, 600)));
        awaitState(bomb, InstanceState.STARTING);
        Path pids = pidsGroup(bomb);
        await(() -> CgroupFiles.counter(pids.resolve("pids.events"), "max") > 0, "the bomb to hit its pids limit");

        // While it presses against its limit: the agent still heartbeats and the neighbour still answers.
        for (int round = 0; round < 3; round++) {
            long seen = heartbeats.matching(h -> NODE.equals(h.nodeId())).size();
            heartbeats.await(h -> NODE.equals(h.nodeId()) && heartbeats.matching(x -> NODE.equals(x.nodeId())).size() > seen,
                    WAIT, "another heartbeat of " + NODE);
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://" + healthy.host() + ":" + healthy.port() + "/health")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode());
            long inGroup = Long.parseLong(Files.readString(pids.resolve("pids.current")).trim());
            assertTrue(inGroup <= 512, "the bomb's group holds " + inGroup + " processes");
        }
        assertTrue(statuses.matching(s -> neighbour.equals(s.instanceId()) && s.state() != InstanceState.STARTING
                && s.state() != InstanceState.HEALTHY).isEmpty(), "the neighbour stayed healthy");

        send(stop(bomb));
        awaitState(bomb, InstanceState.STOPPED);
        await(() -> !Files.exists(pids), "the bomb's cgroup to be emptied and removed");
        send(stop(neighbour));
        awaitState(neighbour, InstanceState.STOPPED);
    }

    @Test
    void aPortInUseFailsTheStart() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            String id = "tiny-" + shortId();
            send(start(id, spec(id, serverSha, taken.getLocalPort(), Map.of(), 60)));
            InstanceStatus failed = awaitState(id, InstanceState.FAILED);
            assertEquals("port " + taken.getLocalPort() + " is in use on node " + NODE, failed.message());
        }
    }

    @Test
    void aStopForAnUnknownInstanceIsAnsweredStopped() throws Exception {
        String id = "ghost-" + shortId();
        send(stop(id));
        InstanceStatus stopped = awaitState(id, InstanceState.STOPPED);
        assertEquals("not running on node " + NODE, stopped.message());
    }

    @Test
    void anOldStartFromABacklogIsSkipped() throws Exception {
        String id = "tiny-" + shortId();
        NodeCommand start = start(id, spec(id, serverSha, FreePorts.next(), Map.of(), 60));
        send(new NodeCommand(start.commandId(), start.idempotencyKey(), start.type(), NODE, id, start.generation(),
                start.spec(), null, Instant.now().minus(Duration.ofHours(2)), 0));
        String probe = "ghost-" + shortId();
        send(stop(probe));
        awaitState(probe, InstanceState.STOPPED);
        assertTrue(statuses.matching(s -> id.equals(s.instanceId())).isEmpty(), "nothing happened to " + id);
    }

    @Test
    void aStopFromANodeManagerThatLostItsLeaseIsIgnored() throws Exception {
        String id = "tiny-" + shortId();
        NodeCommand start = start(id, spec(id, serverSha, FreePorts.next(), Map.of(), 60));
        send(fenced(start, 50));
        awaitState(id, InstanceState.HEALTHY);

        ch.qos.logback.classic.Logger agentLog = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(NodeInstances.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen = new ch.qos.logback.core.read.ListAppender<>();
        seen.start();
        agentLog.addAppender(seen);
        try {
            send(fenced(stop(id), 49));
            // Commands to one node are handled in order: once the probe's stop is answered, the stale stop was decided on.
            String probe = "ghost-" + shortId();
            send(stop(probe));
            awaitState(probe, InstanceState.STOPPED);
        } finally {
            agentLog.detachAppender(seen);
        }
        assertTrue(seen.list.stream().anyMatch(e -> e.getFormattedMessage().equals("STOP_INSTANCE of " + id
                + " ignored: it comes from a node-manager that has lost its lease (token 49, a newer holder's is 50)")),
                "the stale holder's stop is refused: " + seen.list);
        assertTrue(statuses.matching(s -> id.equals(s.instanceId()) && s.state() == InstanceState.STOPPED).isEmpty(),
                "and not carried out");

        send(fenced(stop(id), 50));
        awaitState(id, InstanceState.STOPPED);
    }

    @Test
    void commandsForOtherNodesAreIgnored() throws Exception {
        String id = "tiny-" + shortId();
        NodeCommand command = start(id, spec(id, serverSha, FreePorts.next(), Map.of(), 60));
        line.sendKeyed("node-other", command);
        String probe = "ghost-" + shortId();
        send(stop(probe));
        awaitState(probe, InstanceState.STOPPED);
        assertTrue(statuses.matching(s -> id.equals(s.instanceId())).isEmpty(), "nothing happened to " + id);
    }

    // ---- helpers ----

    private static InstanceStatus awaitState(String id, InstanceState state) {
        return line.awaitState(id, state);
    }

    /** @return the app's own process: the deepest one under the runtime's (under bubblewrap when sandboxed) */
    private static ProcessHandle appProcess(Runtime runtime, String id) {
        long root = Long.parseLong(runtime.inspect(id).nativeId());
        ProcessHandle handle = ProcessHandle.of(root).orElseThrow();
        Optional<ProcessHandle> java = handle.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .reduce((first, second) -> second);
        return java.orElse(handle);
    }

    private static InstanceSpec spec(String id, String sha, int port, Map<String, String> env, int startupSeconds) {
        return new InstanceSpec(id, "tiny", "1.0.0", "dep-1", sha, app.artifactUrl(sha), TinyApp.COMMAND, null, port, 8080, env, 1.0, 512, "/health", 1, 2, 3, startupSeconds);
    }

    private static InstanceSpec spec(String id, String sha, int port, List<String> command, int memoryMb, int startupSeconds) {
        // Half a core: a hostile instance must not starve the agent and its neighbours on a small machine.
        return new InstanceSpec(id, "hostile", "1.0.0", "dep-2", sha, app.artifactUrl(sha), command, null, port, 8080, Map.of(),
                0.5, memoryMb, "/health", 1, 2, 3, startupSeconds);
    }

    /** Serves a package of its own for a hostile instance (what it runs is in its command) and returns its sha256. */
    private static String serve(String id) throws Exception {
        byte[] zip = TinyApp.zip(Map.of("plinth.yaml", "name: hostile\nversion: 1.0.0\n", "id.txt", id));
        String sha = TinyApp.sha256(zip);
        app.serve(sha, zip);
        return sha;
    }

    /** @return the instance's pids cgroup, on cgroup v1 or v2 */
    private static Path pidsGroup(String id) {
        Path root = Path.of("/sys/fs/cgroup");
        return Files.isRegularFile(root.resolve("cgroup.controllers"))
                ? root.resolve("plinth").resolve(id)
                : root.resolve("pids").resolve("plinth").resolve(id);
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) {
        Waits.untilTrue(what, WAIT, condition, () -> "not yet");
    }

    private static NodeCommand start(String id, InstanceSpec spec) {
        return new NodeCommand(UUID.randomUUID().toString(), "start:" + id + ":7", NodeCommand.Type.START_INSTANCE,
                NODE, id, 7, spec, null, Instant.now(), 0);
    }

    private static NodeCommand stop(String id) {
        return new NodeCommand(UUID.randomUUID().toString(), "stop:" + id, NodeCommand.Type.STOP_INSTANCE,
                NODE, id, 7, null, "test", Instant.now(), 0);
    }

    private static NodeCommand fenced(NodeCommand c, long fence) {
        return new NodeCommand(c.commandId(), c.idempotencyKey(), c.type(), c.nodeId(), c.instanceId(), c.generation(),
                c.spec(), c.reason(), c.timestamp(), fence);
    }

    private static void send(NodeCommand command) throws Exception {
        line.send(command);
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
