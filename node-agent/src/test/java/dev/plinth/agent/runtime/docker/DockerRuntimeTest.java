package dev.plinth.agent.runtime.docker;

import com.sun.net.httpserver.HttpServer;
import dev.plinth.agent.runtime.network.NetworkIsolation;
import dev.plinth.agent.runtime.network.NetworkSettings;
import dev.plinth.contracts.inventory.Isolation;
import dev.plinth.contracts.runtime.InstanceListener;
import dev.plinth.contracts.runtime.LaunchSpec;
import dev.plinth.contracts.runtime.RuntimeStartException;
import dev.plinth.contracts.runtime.StartedInstance;
import dev.plinth.contracts.runtime.StopResult;
import dev.plinth.agent.testinfra.Stand;
import dev.plinth.kit.net.FreePorts;
import dev.plinth.testkit.docker.PrivateDockerd;
import dev.plinth.testkit.wait.Waits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The docker runtime against a real, private dockerd (root, no bridge, images from Debian's busybox):
 * image and Dockerfile packages, limits and security settings as the engine reports them, output and
 * exits, stops, the network containment of an isolated process, adoption by a new agent. Isolation is
 * required here: where it cannot be had, the test fails with the reason rather than pass unprotected.
 */
class DockerRuntimeTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    static Path dir;

    private static PrivateDockerd engine;
    private static NetworkIsolation network;
    private static DockerRuntime runtime;
    private static HttpServer gateway;
    private static final AtomicInteger doorRequests = new AtomicInteger();
    private static Stand internal;
    private static Stand wildcard;
    private static Stand mqtt;

    @BeforeAll
    static void start() throws Exception {
        engine = PrivateDockerd.start();
        network = new NetworkIsolation(NetworkSettings.defaults());
        assertTrue(network.problems().isEmpty(), "network isolation must work here: " + network.problems());
        runtime = new DockerRuntime(settings("isolated"), "node-docker", Isolation.REQUIRED, () -> network);
        assertEquals(List.of(), runtime.isolationProblems());

        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePorts.next()), 0);
        gateway.createContext("/", exchange -> {
            doorRequests.incrementAndGet();
            byte[] body = "door".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        gateway.start();
        internal = new Stand(new InetSocketAddress("127.0.0.1", FreePorts.next()));
        wildcard = new Stand(new InetSocketAddress("0.0.0.0", FreePorts.next()));
        mqtt = new Stand(new InetSocketAddress("127.0.0.1", FreePorts.next()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
        if (network != null) {
            network.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (gateway != null) {
            gateway.stop(0);
        }
        for (Stand stand : new Stand[]{internal, wildcard, mqtt}) {
            if (stand != null) {
                stand.close();
            }
        }
    }

    @Test
    void anImagePackageRunsLimitedUnprivilegedAndAnswersHealthAtItsOwnAddress() throws Exception {
        Output out = new Output();
        int port = FreePorts.next();
        StartedInstance started = runtime.start(launch("img-1", PrivateDockerd.BUSYBOX, Files.createDirectories(dir.resolve("img-1")),
                port, Map.of("GREETING", "hello-from-env")), out);
        try {
            assertNotNull(started.address(), "an isolated container has an address of its own");
            assertTrue(started.address().startsWith("10.213."), started.address());
            awaitAnswer(started.address(), port, "/health", out);

            // Env and user, from inside.
            String inside = get(started.address(), port, "/cgi-bin/env").body();
            assertTrue(inside.contains("GREETING=hello-from-env"), inside);
            assertTrue(inside.contains("PORT=" + port), inside);
            assertTrue(inside.contains("uid=65534"), inside);
            assertTrue(inside.contains("PLINTH_GATEWAY_URL=http://10.213."), "the door points at the host end: " + inside);

            // Limits and security, as the engine has them.
            String container = DockerRuntime.containerName("img-1");
            assertEquals(String.valueOf(256L * 1024 * 1024), engine.docker("inspect", "-f", "{{.HostConfig.Memory}}", container));
            assertEquals(String.valueOf(256L * 1024 * 1024), engine.docker("inspect", "-f", "{{.HostConfig.MemorySwap}}", container));
            assertEquals("500000000", engine.docker("inspect", "-f", "{{.HostConfig.NanoCpus}}", container));
            assertEquals("512", engine.docker("inspect", "-f", "{{.HostConfig.PidsLimit}}", container));
            assertEquals("[ALL]", engine.docker("inspect", "-f", "{{.HostConfig.CapDrop}}", container));
            assertEquals("[no-new-privileges]", engine.docker("inspect", "-f", "{{.HostConfig.SecurityOpt}}", container));
            assertEquals("true", engine.docker("inspect", "-f", "{{.HostConfig.ReadonlyRootfs}}", container));
            assertTrue(engine.docker("inspect", "-f", "{{json .HostConfig.Tmpfs}}", container).contains("\"/tmp\""));
            assertEquals("none", engine.docker("inspect", "-f", "{{.HostConfig.NetworkMode}}", container));
            assertEquals("65534:65534", engine.docker("inspect", "-f", "{{.Config.User}}", container));
            String labels = engine.docker("inspect", "-f", "{{json .Config.Labels}}", container);
            for (String expected : List.of("\"dev.plinth.instance\":\"img-1\"", "\"dev.plinth.app\":\"app\"",
                    "\"dev.plinth.version\":\"1.0.0\"", "\"dev.plinth.deployment\":\"dep-1\"", "\"dev.plinth.node\":\"node-docker\"")) {
                assertTrue(labels.contains(expected), expected + " in " + labels);
            }
            assertEquals(List.of("img-1"), runtime.running());
            assertEquals(dev.plinth.contracts.runtime.Inspection.State.RUNNING, runtime.inspect("img-1").state());
        } finally {
            runtime.stop("img-1", Duration.ofSeconds(2));
        }
        assertEquals("", engine.docker("ps", "-aq", "--filter", "name=plinth-img-1"), "the ended container is removed");
        assertEquals(List.of(), runtime.running());
    }

    @Test
    void aDockerfilePackageIsBuiltOnceAndItsBuildOutputGoesToTheInstancesLines() throws Exception {
        String sha = sha("built");
        Path pkg = dockerfilePackage("built", """
                FROM plinth-test/busybox:1
                RUN echo building-step-ran
                """);
        Output first = new Output();
        int port = FreePorts.next();
        StartedInstance one = runtime.start(launch("built-1", null, pkg, port, Map.of(), sha), first);
        try {
            awaitAnswer(one.address(), port, "/health", first);
            assertTrue(first.lines.stream().anyMatch(l -> l.contains("building-step-ran")), "build output: " + first.lines);
            String tag = DockerRuntime.buildTag("app", "1.0.0", sha);
            assertEquals(tag, "plinth/app:1.0.0-" + sha.substring(0, 12));
            assertFalse(engine.docker("images", "-q", tag).isBlank(), "the image is tagged " + tag);

            Output second = new Output();
            int port2 = FreePorts.next();
            StartedInstance two = runtime.start(launch("built-2", null, pkg, port2, Map.of(), sha), second);
            awaitAnswer(two.address(), port2, "/health", second);
            assertTrue(second.lines.stream().noneMatch(l -> l.contains("building")), "no second build: " + second.lines);
            runtime.stop("built-2", Duration.ofSeconds(2));
        } finally {
            runtime.stop("built-1", Duration.ofSeconds(2));
        }
    }

    @Test
    void aFailingBuildFailsTheStartWithTheBuildsError() throws Exception {
        Path pkg = dockerfilePackage("broken", """
                FROM plinth-test/busybox:1
                RUN echo about-to-fail && exit 7
                """);
        Output out = new Output();
        RuntimeStartException e = assertThrows(RuntimeStartException.class,
                () -> runtime.start(launch("broken-1", null, pkg, FreePorts.next(), Map.of(), sha("broken")), out));
        assertTrue(e.getMessage().contains("does not build") && e.getMessage().contains("non-zero code: 7"), e.getMessage());
        assertTrue(out.lines.stream().anyMatch(l -> l.contains("about-to-fail")), "build output: " + out.lines);
        assertEquals("", engine.docker("ps", "-aq", "--filter", "name=plinth-broken-1"), "no container");
    }

    @Test
    void stopGivesTheGracePeriodAndThenKills() throws Exception {
        Path polite = dockerfilePackage("polite", """
                FROM plinth-test/busybox:1
                CMD ["/bin/sh", "-c", "trap 'echo bye; exit 0' TERM; echo ready; while true; do sleep 1; done"]
                """);
        Output out = new Output();
        runtime.start(launch("polite-1", null, polite, FreePorts.next(), Map.of(), sha("polite")), out);
        out.await("ready");
        StopResult result = runtime.stop("polite-1", Duration.ofSeconds(10));
        assertTrue(result.wasRunning());
        assertFalse(result.forced(), "it ended on SIGTERM");
        assertEquals(0, result.exitCode());
        assertTrue(out.lines.contains("bye"), out.lines.toString());
        assertEquals(List.of(0), out.exits);

        Path stubborn = dockerfilePackage("stubborn", """
                FROM plinth-test/busybox:1
                CMD ["/bin/sh", "-c", "trap 'sleep 8; echo too-late; exit 0' TERM; echo ready; while true; do sleep 1; done"]
                """);
        Output out2 = new Output();
        runtime.start(launch("stubborn-1", null, stubborn, FreePorts.next(), Map.of(), sha("stubborn")), out2);
        out2.await("ready");
        StopResult killed = runtime.stop("stubborn-1", Duration.ofSeconds(1));
        assertTrue(killed.forced(), "killed after the grace period");
        assertEquals(137, killed.exitCode());
        assertFalse(out2.lines.contains("too-late"), "it was killed before it could end on its own: " + out2.lines);
        assertEquals("", engine.docker("ps", "-aq", "--filter", "name=plinth-stubborn-1"));
    }

    @Test
    void aContainerKilledFromOutsideIsReportedAsAnExit() throws Exception {
        Output out = new Output();
        int port = FreePorts.next();
        StartedInstance started = runtime.start(launch("victim-1", PrivateDockerd.BUSYBOX, Files.createDirectories(dir.resolve("victim-1")),
                port, Map.of()), out);
        awaitAnswer(started.address(), port, "/health", out);
        engine.docker("kill", DockerRuntime.containerName("victim-1"));
        Waits.untilTrue("the exit to be reported", WAIT, () -> !out.exits.isEmpty(), out.exits::toString);
        assertEquals(List.of(137), out.exits);
        Waits.untilTrue("the container to be removed", WAIT,
                () -> containers("name=plinth-victim-1").isEmpty(), () -> "still there");
        assertEquals(dev.plinth.contracts.runtime.Inspection.State.EXITED, runtime.inspect("victim-1").state());
        assertEquals(137, runtime.inspect("victim-1").exitCode());
        assertFalse(runtime.stop("victim-1", Duration.ofSeconds(1)).wasRunning());
    }

    @Test
    void aContainerThatUsesItsMemoryLimitIsKilledAndSaysSo() throws Exception {
        Path hog = dockerfilePackage("hog", """
                FROM plinth-test/busybox:1
                CMD ["/bin/busybox", "tail", "/dev/zero"]
                """);
        Output out = new Output();
        runtime.start(launch("hog-1", null, hog, FreePorts.next(), Map.of(), sha("hog")), out);
        Waits.untilTrue("the hog to end", WAIT, () -> !out.exits.isEmpty(), out.lines::toString);
        assertEquals(List.of(137), out.exits);
        assertEquals(List.of("killed: it used its memory limit of 256 MiB"), out.causes, out.lines.toString());
    }

    @Test
    void aContainerReachesOnlyTheDoorsAndOnlyItsPortIsReachable() throws Exception {
        Path pkg = dockerfilePackage("attacker", """
                FROM plinth-test/busybox:1
                COPY attack.sh /attack.sh
                CMD ["/bin/sh", "/attack.sh"]
                """);
        Files.writeString(pkg.resolve("attack.sh"), """
                # The network is attached just after the container starts (until then it has only lo).
                while ! /bin/busybox ip -o addr | /bin/busybox grep -q pli; do /bin/busybox sleep 0.1; done
                hostend=${PLINTH_GATEWAY_URL#http://}; hostend=${hostend%%:*}
                gwport=${PLINTH_GATEWAY_URL##*:}; gwport=${gwport%%/*}
                mqtt=${PLINTH_MQTT_URL#tcp://}; mqtthost=${mqtt%%:*}; mqttport=${mqtt##*:}
                probe() { if /bin/busybox nc -w 3 "$2" "$3" </dev/null >/dev/null 2>&1; then echo "$1 reached"; else echo "$1 blocked"; fi; }
                echo "DOOR $(printf 'GET /door HTTP/1.0\\r\\n\\r\\n' | /bin/busybox nc -w 3 $hostend $gwport | head -1 | tr -d '\\r')"
                probe mqtt-door $mqtthost $mqttport
                probe internal-loopback 127.0.0.1 $INTERNAL_PORT
                probe internal-at-host-end $hostend $INTERNAL_PORT
                probe wildcard-at-host-end $hostend $WILDCARD_PORT
                echo "route-add $(/bin/busybox ip route add default via $hostend >/dev/null 2>&1 && echo done || echo failed)"
                echo DONE
                exec /bin/busybox httpd -f -p $PORT -h /
                """);
        Map<String, String> targets = new HashMap<>();
        targets.put("INTERNAL_PORT", String.valueOf(internal.port()));
        targets.put("WILDCARD_PORT", String.valueOf(wildcard.port()));
        Output out = new Output();
        int port = FreePorts.next();
        StartedInstance started = runtime.start(launch("attacker-1", null, pkg, port, targets, sha("attacker")), out);
        try {
            out.await("DONE");
            assertEquals("HTTP/1.1 200 OK", out.value("DOOR"), out.lines.toString());
            assertEquals(1, doorRequests.get(), "the gateway stand-in served the door request");
            assertEquals("reached", out.value("mqtt-door"), out.lines.toString());
            assertEquals(1, mqtt.accepted.get());
            for (String probe : List.of("internal-loopback", "internal-at-host-end", "wildcard-at-host-end")) {
                assertEquals("blocked", out.value(probe), probe + ": " + out.lines);
            }
            assertEquals(0, internal.accepted.get(), "the 127.0.0.1 service saw no connection");
            assertEquals(0, wildcard.accepted.get(), "the 0.0.0.0 service that is not a door saw no connection");
            assertEquals("failed", out.value("route-add"), "it cannot change its routes");

            // From the host: its port answers, nothing else of it does.
            awaitAnswer(started.address(), port, "/attack.sh", out);
            try (ServerSocket other = new ServerSocket(0)) {
                assertFalse(connects(started.address(), other.getLocalPort()), "a port other than the instance's is closed");
            }
        } finally {
            runtime.stop("attacker-1", Duration.ofSeconds(2));
        }
    }

    @Test
    void hostNetworkIsOnlyForUnconfinedNodesAndAnUnreachableEngineIsNamed() throws Exception {
        try (DockerRuntime strict = new DockerRuntime(settings("host"), "node-strict", Isolation.REQUIRED, () -> network)) {
            assertTrue(strict.isolationProblems().stream().anyMatch(p -> p.contains("docker network host")
                    && p.contains("isolation: none")), strict.isolationProblems().toString());
            assertThrows(RuntimeStartException.class, () -> strict.start(launch("nope-1", PrivateDockerd.BUSYBOX,
                    Files.createDirectories(dir.resolve("nope-1")), FreePorts.next(), Map.of()), new Output()));
        }
        try (DockerRuntime open = new DockerRuntime(settings("host"), "node-open", Isolation.NONE, () -> network)) {
            assertEquals(List.of(), open.isolationProblems());
            Output out = new Output();
            int port = FreePorts.next();
            StartedInstance started = open.start(launch("hostnet-1", PrivateDockerd.BUSYBOX,
                    Files.createDirectories(dir.resolve("hostnet-1")), port, Map.of()), out);
            assertNull(started.address(), "it listens on the node's address");
            awaitAnswer("127.0.0.1", port, "/health", out);
            open.stop("hostnet-1", Duration.ofSeconds(1));
        }
        String missing = "unix:///tmp/no-such-docker-" + UUID.randomUUID() + ".sock";
        try (DockerRuntime gone = new DockerRuntime(new DockerSettings(missing, "isolated", "never"), "node-gone",
                Isolation.REQUIRED, () -> network)) {
            assertTrue(gone.isolationProblems().stream().anyMatch(p -> p.contains("the Docker engine at " + missing + " does not answer")
                    && p.contains("start dockerd")), gone.isolationProblems().toString());
        }
    }

    @Test
    void anAgentThatRestartsAdoptsItsRunningContainersAndRemovesEndedOnes() throws Exception {
        NetworkIsolation firstNetwork = new NetworkIsolation(NetworkSettings.defaults());
        DockerRuntime first = new DockerRuntime(settings("isolated"), "node-adopt", Isolation.REQUIRED, () -> firstNetwork);
        Output out = new Output();
        int port = FreePorts.next();
        StartedInstance kept = first.start(launch("keep-1", PrivateDockerd.BUSYBOX, Files.createDirectories(dir.resolve("keep-1")),
                port, Map.of()), out);
        awaitAnswer(kept.address(), port, "/health", out);
        int unwantedPort = FreePorts.next();
        first.start(launch("unwanted-1", PrivateDockerd.BUSYBOX, Files.createDirectories(dir.resolve("unwanted-1")),
                unwantedPort, Map.of()), new Output());
        // An ended container of the node, as a crash between its exit and its removal leaves one.
        engine.docker("create", "--name", "plinth-ended-1", "--label", "dev.plinth.node=node-adopt",
                "--label", "dev.plinth.instance=ended-1", PrivateDockerd.BUSYBOX);
        first.abandon();

        NetworkIsolation secondNetwork = new NetworkIsolation(NetworkSettings.defaults());
        try (DockerRuntime second = new DockerRuntime(settings("isolated"), "node-adopt", Isolation.REQUIRED, () -> secondNetwork)) {
            assertEquals("", engine.docker("ps", "-aq", "--filter", "name=plinth-ended-1"), "the ended one is removed");
            assertEquals(List.of("keep-1", "unwanted-1"), second.running(), "what the heartbeat lists, for node-manager to judge");

            Output adopted = new Output();
            StartedInstance again = second.start(launch("keep-1", PrivateDockerd.BUSYBOX, dir.resolve("keep-1"), port, Map.of()), adopted);
            assertEquals(kept.nativeId(), again.nativeId(), "the same container, not a second one");
            assertEquals(kept.address(), again.address(), "at the same address");
            assertEquals("1", String.valueOf(engine.docker("ps", "-q", "--filter", "label=dev.plinth.instance=keep-1").lines().count()));
            awaitAnswer(again.address(), port, "/health", adopted);

            // node-manager stops what it does not want; the agent passes the stop on.
            assertTrue(second.stop("unwanted-1", Duration.ofSeconds(1)).wasRunning());
            assertEquals(List.of("keep-1"), second.running());

            // A container of the node the runtime does not hold (it came while the engine was away) goes too.
            engine.docker("run", "-d", "--name", "plinth-stray-1", "--network", "none", "--label", "dev.plinth.node=node-adopt",
                    "--label", "dev.plinth.instance=stray-1", PrivateDockerd.BUSYBOX, "/bin/busybox", "sleep", "600");
            assertEquals(List.of("keep-1", "stray-1"), second.running());
            assertTrue(second.stop("stray-1", Duration.ofSeconds(1)).wasRunning());
            assertEquals("", containers("name=plinth-stray-1"), "the stray container is removed");
            engine.docker("kill", DockerRuntime.containerName("keep-1"));
            Waits.untilTrue("the adopted container's exit to reach its new listener", WAIT, () -> !adopted.exits.isEmpty(),
                    adopted.exits::toString);
        } finally {
            secondNetwork.close();
        }
        assertEquals("", engine.docker("ps", "-aq", "--filter", "label=dev.plinth.node=node-adopt"), "no orphans");
    }

    // ---- helpers ----

    private static String containers(String filter) {
        try {
            return engine.docker("ps", "-aq", "--filter", filter);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DockerSettings settings(String network) {
        return new DockerSettings(engine.host(), network, "never");
    }

    private static String sha(String seed) {
        return (UUID.nameUUIDFromBytes((seed + dir).getBytes()).toString().replace("-", "") + "0".repeat(32)).substring(0, 64);
    }

    private static Path dockerfilePackage(String name, String dockerfile) throws IOException {
        Path pkg = Files.createDirectories(dir.resolve("pkg-" + name));
        Files.writeString(pkg.resolve("Dockerfile"), dockerfile);
        return pkg;
    }

    private static LaunchSpec launch(String id, String image, Path workDir, int port, Map<String, String> extra) {
        return launch(id, image, workDir, port, extra, "");
    }

    private static LaunchSpec launch(String id, String image, Path workDir, int port, Map<String, String> extra, String sha) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("PORT", String.valueOf(port));
        env.put("PLINTH_INSTANCE_ID", id);
        env.put("PLINTH_GATEWAY_URL", "http://127.0.0.1:" + gateway.getAddress().getPort());
        env.put("PLINTH_API_URL", "http://127.0.0.1:" + gateway.getAddress().getPort());
        env.put("PLINTH_MQTT_URL", "tcp://127.0.0.1:" + mqtt.port());
        return new LaunchSpec(id, "app", workDir, List.of(), image, port, port, env, 0.5, 256, "1.0.0", "dep-1", sha);
    }

    private static HttpResponse<String> get(String host, int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path)).timeout(Duration.ofSeconds(3)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitAnswer(String host, int port, String path, Output out) {
        Waits.untilTrue(path + " to answer at " + host + ":" + port, WAIT, () -> {
            try {
                return get(host, port, path).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        }, () -> "its output: " + out.lines + ", exits: " + out.exits);
    }

    private static boolean connects(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** What an instance said, and how it ended. */
    private static final class Output implements InstanceListener {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final List<Integer> exits = new CopyOnWriteArrayList<>();
        final Map<String, String> values = new ConcurrentHashMap<>();

        @Override
        public void onOutput(String instanceId, Stream stream, String line) {
            lines.add(line);
            int space = line.indexOf(' ');
            if (space > 0) {
                values.put(line.substring(0, space), line.substring(space + 1));
            }
        }

        final List<String> causes = new CopyOnWriteArrayList<>();

        @Override
        public void onExit(String instanceId, int exitCode) {
            exits.add(exitCode);
        }

        @Override
        public void onExit(String instanceId, int exitCode, String cause) {
            if (cause != null) {
                causes.add(cause);
            }
            onExit(instanceId, exitCode);
        }

        void await(String line) {
            Waits.untilTrue("the line '" + line + "'", WAIT, () -> lines.contains(line), () -> lines + ", exits " + exits);
        }

        String value(String key) {
            return values.get(key);
        }
    }

}
