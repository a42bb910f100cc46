package dev.plinth.agent.runtime.process;

import com.sun.net.httpserver.HttpServer;
import dev.plinth.contracts.runtime.InstanceListener;
import dev.plinth.contracts.runtime.LaunchSpec;
import dev.plinth.contracts.runtime.StartedInstance;
import dev.plinth.contracts.inventory.Isolation;
import dev.plinth.agent.testinfra.Stand;
import dev.plinth.kit.net.FreePorts;
import dev.plinth.agent.runtime.network.NetworkIsolation;
import dev.plinth.agent.runtime.network.NetworkSettings;
import dev.plinth.testkit.apps.TinyApp;
import dev.plinth.testkit.wait.Waits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Real attacks from inside a real instance (bubblewrap, a network namespace, nftables; the agent is
 * root here) against stand-ins of the platform's insides on the host: a server on 127.0.0.1 (Kafka,
 * MongoDB, LDAP, a subsystem's port), a server on 0.0.0.0 that is not a door, another instance, UDP,
 * IPv6, the data directory, another instance's directory, /etc/shadow. Each must fail, and nothing
 * may change; the doors (gateway, MQTT broker) must work. Isolation is required here: where it cannot
 * be had, the test fails with the reason rather than pass unprotected.
 */
class InstanceContainmentTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    private static ProcessRuntime runtime;
    private static NetworkIsolation network;
    private static HttpServer gateway;
    private static final AtomicInteger doorRequests = new AtomicInteger();
    private static Stand internal;
    private static Stand wildcard;
    private static Stand mqtt;
    private static V6Stand v6;
    private static Path dataDir;
    private static String secrets;

    /**
     * A server on [::] (IPv4 and IPv6) in a JVM of its own: the test JVM runs with
     * java.net.preferIPv4Stack and cannot listen on IPv6.
     */
    private static final class V6Stand implements AutoCloseable {
        private final Process process;
        private final List<String> lines = new CopyOnWriteArrayList<>();

        V6Stand(Path dir, int port) throws Exception {
            Path source = dir.resolve("V6Stand.java");
            Files.writeString(source, """
                    import java.net.*;
                    public class V6Stand {
                        public static void main(String[] args) throws Exception {
                            try (ServerSocket server = new ServerSocket()) {
                                server.bind(new InetSocketAddress(InetAddress.getByName("::"), Integer.parseInt(args[0])));
                                System.out.println("listening");
                                while (true) {
                                    try (Socket s = server.accept()) {
                                        System.out.println("accepted " + s.getRemoteSocketAddress());
                                    }
                                }
                            }
                        }
                    }
                    """);
            process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djava.net.preferIPv4Stack=false", source.toString(), String.valueOf(port)).redirectErrorStream(true).start();
            Thread reader = new Thread(() -> {
                try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream()))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // Stopped.
                }
            }, "v6-stand");
            reader.setDaemon(true);
            reader.start();
            Waits.untilTrue("the IPv6 stand-in to listen", WAIT, () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the IPv6 stand-in did not start: " + lines);
                }
                return lines.contains("listening");
            }, () -> "its output: " + lines);
            this.port = port;
        }

        final int port;

        int port() {
            return port;
        }

        long accepted() {
            return lines.stream().filter(l -> l.startsWith("accepted")).count();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        network = new NetworkIsolation(NetworkSettings.defaults());
        assertTrue(network.problems().isEmpty(), "network isolation must work here: " + network.problems());
        runtime = new ProcessRuntime(new ProcessRuntimeSettings(Path.of("/usr/bin/bwrap"), Path.of("/sys/fs/cgroup"), 65534, List.of()),
                "node-containment", Isolation.REQUIRED, () -> network);
        assertTrue(runtime.sandboxed(), "the sandbox must work here");

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
        v6 = new V6Stand(dir, FreePorts.next());

        dataDir = Files.createDirectories(dir.resolve("plinth-data"));
        secrets = "plinth.security.jwt-secret=" + UUID.randomUUID() + "\n";
        Files.writeString(dataDir.resolve("secrets.properties"), secrets);
    }

    @AfterAll
    static void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
        if (network != null) {
            network.close();
        }
        if (gateway != null) {
            gateway.stop(0);
        }
        for (AutoCloseable stand : new AutoCloseable[]{internal, wildcard, mqtt, v6}) {
            if (stand != null) {
                stand.close();
            }
        }
    }

    @Test
    void anInstanceReachesOnlyTheDoorsAndItsOwnDirectory() throws Exception {
        // The victim: another app's instance, healthy, on its own inner address.
        Path victimDir = Files.createDirectories(dir.resolve("agents/instances/victim-1"));
        Files.writeString(victimDir.resolve("Server.java"), TinyApp.SERVER_JAVA);
        Files.writeString(victimDir.resolve("private.txt"), "the victim's data");
        int victimPort = FreePorts.next();
        Output victimOut = new Output();
        StartedInstance victim = runtime.start(launch("victim-1", victimDir, TinyApp.COMMAND, victimPort, Map.of()), victimOut);
        assertNotNull(victim.address(), "the victim has an address of its own");
        awaitHealthy(victim.address(), victimPort, victimOut);

        // The attacker.
        Path attackerDir = Files.createDirectories(dir.resolve("agents/instances/attacker-1"));
        Files.writeString(attackerDir.resolve("attack.sh"), ATTACK);
        int attackerPort = FreePorts.next();
        Map<String, String> targets = new HashMap<>();
        targets.put("INTERNAL_PORT", String.valueOf(internal.port()));
        targets.put("WILDCARD_PORT", String.valueOf(wildcard.port()));
        targets.put("V6_PORT", String.valueOf(v6.port()));
        targets.put("UDP_PORT", String.valueOf(FreePorts.next()));
        targets.put("VICTIM", victim.address() + ":" + victimPort);
        targets.put("DATA_DIR", dataDir.toString());
        targets.put("VICTIM_DIR", victimDir.toString());
        Output out = new Output();
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("0.0.0.0", Integer.parseInt(targets.get("UDP_PORT"))))) {
            StartedInstance attacker = runtime.start(launch("attacker-1", attackerDir, List.of("/bin/bash", "attack.sh"),
                    attackerPort, targets), out);
            out.await("DONE", WAIT);

            // The doors work.
            assertEquals("HTTP/1.1 200 OK", out.value("DOOR"), out.all());
            assertEquals("reached", out.value("mqtt-door"), out.all());
            assertEquals(1, doorRequests.get(), "the gateway stand-in served the door request");
            assertEquals(1, mqtt.accepted.get(), "the broker stand-in saw the door connection");

            // Nothing else does.
            for (String probe : List.of("internal-loopback", "internal-at-host-end", "wildcard-at-host-end",
                    "victim", "ipv6-link-local", "ipv6-loopback", "wildcard-after-tampering")) {
                assertEquals("blocked", out.value(probe), probe + ": " + out.all());
            }
            assertEquals(0, internal.accepted.get(), "the 127.0.0.1 service saw no connection");
            assertEquals(0, wildcard.accepted.get(), "the 0.0.0.0 service that is not a door saw no connection");
            assertEquals(0, v6.accepted(), "the service on :: saw no connection");
            assertEquals("1", out.value("ipv6-disabled"), out.all());
            udp.setSoTimeout(1000);
            try {
                DatagramPacket packet = new DatagramPacket(new byte[64], 64);
                udp.receive(packet);
                fail("a UDP datagram left the instance: " + new String(packet.getData(), 0, packet.getLength()));
            } catch (SocketTimeoutException expected) {
                // Nothing came.
            }
            assertEquals("blocked", out.value("udp"), out.all());

            // It cannot change its rules or routes.
            assertTrue(out.value("nft-flush").startsWith("failed"), out.all());
            assertTrue(out.value("route-add").startsWith("failed"), out.all());
            assertTrue(rulesInside(attacker).contains("table inet plinth"), "the namespace's rules are intact");

            // Files: nothing of the host but what the sandbox shows.
            for (String read : List.of("data-dir", "secrets", "victim-dir", "shadow", "agent-dir", "write-secrets")) {
                assertEquals("blocked", out.value(read), read + ": " + out.all());
            }
            assertEquals("own", out.value("own-dir"), out.all());
            assertEquals(secrets, Files.readString(dataDir.resolve("secrets.properties")), "the secrets are unchanged");
            assertEquals("the victim's data", Files.readString(victimDir.resolve("private.txt")));

            // The host reaches the attacker only at its port, and the victim is still served.
            assertFalse(connects(attacker.address(), wildcard.port()), "a port other than the instance's is closed");
            assertEquals(200, get(victim.address(), victimPort, "/health"));

            runtime.stop("attacker-1", Duration.ofSeconds(5));
        } finally {
            runtime.stop("victim-1", Duration.ofSeconds(5));
        }
    }

    @Test
    void theAppsEnvironmentNeverReachesALauncherOrAHostCommandLine() throws Exception {
        String marker = "marker-" + UUID.randomUUID();
        Path appDir = Files.createDirectories(dir.resolve("agents/instances/env-1"));
        Files.writeString(appDir.resolve("app.sh"), """
                echo "TOKEN $PLINTH_TOKEN"
                echo "GATEWAY $PLINTH_GATEWAY_URL"
                echo "DONE"
                exec sleep 600
                """);
        Output out = new Output();
        StartedInstance started = runtime.start(launch("env-1", appDir, List.of("/bin/bash", "app.sh"), FreePorts.next(),
                Map.of("PLINTH_TOKEN", marker)), out);
        try {
            out.await("DONE", WAIT);
            assertEquals(marker, out.value("TOKEN"), "the app has its variables");
            assertTrue(out.value("GATEWAY").startsWith("http://10.213."), "the gateway is at its host end: " + out.all());

            // bwrap is the last launcher (each one before it exec'd into the next with the same variables).
            long launcher = Long.parseLong(started.nativeId());
            String environ = Files.readString(Path.of("/proc", String.valueOf(launcher), "environ")).replace('\0', '\n');
            assertFalse(environ.contains(marker), "the launcher's environment holds the token: " + environ);
            List<String> names = environ.lines().filter(l -> !l.isBlank()).map(l -> l.substring(0, l.indexOf('='))).sorted().toList();
            // PATH from the agent; PWD from the shell that joins the cgroups and binds the directory.
            assertTrue(List.of("PATH", "PWD").containsAll(names), "the launcher's whole environment: " + environ);
            assertTrue(Files.readString(Path.of("/proc", String.valueOf(launcher), "cmdline")).contains("bwrap"));

            List<String> seenIn = new ArrayList<>();
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                procs.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
                    try {
                        if (Files.readString(p.resolve("cmdline")).contains(marker)) {
                            seenIn.add(p.getFileName().toString());
                        }
                    } catch (IOException | RuntimeException e) {
                        // Ended while listing.
                    }
                });
            }
            assertEquals(List.of(), seenIn, "processes whose command line holds the app's token");
        } finally {
            runtime.stop("env-1", Duration.ofSeconds(5));
        }
    }

    // ---- the attacker ----

    private static final String ATTACK = """
            hostend=${PLINTH_GATEWAY_URL#http://}; hostend=${hostend%%:*}
            gwport=${PLINTH_GATEWAY_URL##*:}; gwport=${gwport%%/*}
            mqtt=${PLINTH_MQTT_URL#tcp://}; mqtthost=${mqtt%%:*}; mqttport=${mqtt##*:}
            iface=$(awk -F: '/pli/ { gsub(/ /, "", $1); print $1 }' /proc/net/dev)
            probe() { if timeout 5 bash -c "exec 3<>/dev/tcp/$2/$3" 2>/dev/null; then echo "$1 reached"; else echo "$1 blocked"; fi; }
            try() { if "${@:2}" >/dev/null 2>&1; then echo "$1 reached"; else echo "$1 blocked"; fi; }
            exec 3<>/dev/tcp/$hostend/$gwport && printf 'GET /door HTTP/1.0\\r\\n\\r\\n' >&3 && echo "DOOR $(head -1 <&3 | tr -d '\\r')"
            exec 3<&-
            probe mqtt-door $mqtthost $mqttport
            probe internal-loopback 127.0.0.1 $INTERNAL_PORT
            probe internal-at-host-end $hostend $INTERNAL_PORT
            probe wildcard-at-host-end $hostend $WILDCARD_PORT
            probe victim ${VICTIM%%:*} ${VICTIM##*:}
            probe ipv6-link-local "fe80::1%$iface" $V6_PORT
            probe ipv6-loopback ::1 $V6_PORT
            echo "ipv6-disabled $(cat /proc/sys/net/ipv6/conf/all/disable_ipv6 2>/dev/null || echo missing)"
            if timeout 5 bash -c "echo leak > /dev/udp/$hostend/$UDP_PORT" 2>/dev/null; then echo "udp reached"; else echo "udp blocked"; fi
            echo "nft-flush $(nft flush ruleset >/dev/null 2>&1 && echo done || echo failed)"
            echo "route-add $(ip route add default via $hostend >/dev/null 2>&1 && echo done || echo failed)"
            probe wildcard-after-tampering $hostend $WILDCARD_PORT
            try data-dir ls "$DATA_DIR"
            try secrets cat "$DATA_DIR/secrets.properties"
            try victim-dir ls "$VICTIM_DIR"
            try shadow cat /etc/shadow
            try agent-dir ls "${VICTIM_DIR%/*}"
            try write-secrets bash -c "echo pwned > '$DATA_DIR/secrets.properties'"
            if [ -f /app/attack.sh ] && [ "$(pwd)" = /app ]; then echo "own-dir own"; else echo "own-dir missing"; fi
            echo DONE
            exec sleep 600
            """;

    // ---- helpers ----

    private static LaunchSpec launch(String id, Path workDir, List<String> command, int port, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("PORT", String.valueOf(port));
        env.put("PLINTH_INSTANCE_ID", id);
        env.put("PLINTH_GATEWAY_URL", "http://127.0.0.1:" + gateway.getAddress().getPort());
        env.put("PLINTH_API_URL", "http://127.0.0.1:" + gateway.getAddress().getPort());
        env.put("PLINTH_MQTT_URL", "tcp://127.0.0.1:" + mqtt.port());
        return new LaunchSpec(id, "app", workDir, command, null, port, port, env, 1.0, 512);
    }

    private static String rulesInside(StartedInstance instance) throws Exception {
        String namespace = null;
        try (Stream<Path> names = Files.list(Path.of("/run/netns"))) {
            for (Path candidate : (Iterable<Path>) names::iterator) {
                Process p = new ProcessBuilder("ip", "-n", candidate.getFileName().toString(), "-o", "addr").start();
                String addresses = new String(p.getInputStream().readAllBytes());
                p.waitFor();
                if (addresses.contains(" " + instance.address() + "/")) {
                    namespace = candidate.toString();
                }
            }
        }
        assertNotNull(namespace, "the namespace holding " + instance.address());
        Process p = new ProcessBuilder("nsenter", "--net=" + namespace, "nft", "list", "ruleset").redirectErrorStream(true).start();
        String rules = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return rules;
    }

    private static void awaitHealthy(String host, int port, Output out) {
        Waits.untilTrue("the victim to become healthy at " + host + ":" + port, WAIT, () -> {
            try {
                return get(host, port, "/health") == 200;
            } catch (IOException e) {
                return false; // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }, () -> "its output: " + out.all());
    }

    private static int get(String host, int port, String path) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return client.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static boolean connects(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Collects an instance's output lines; "NAME value" lines are looked up by name. */
    private static final class Output implements InstanceListener {
        private final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void onOutput(String instanceId, Stream stream, String line) {
            lines.add(line);
        }

        @Override
        public void onExit(String instanceId, int exitCode) {
            lines.add("EXIT " + exitCode);
        }

        void await(String line, Duration wait) {
            Waits.untilTrue("'" + line + "'", wait, () -> {
                if (lines.contains(line)) {
                    return true;
                }
                if (lines.stream().anyMatch(l -> l.startsWith("EXIT "))) {
                    fail("the instance ended before '" + line + "': " + all());
                }
                return false;
            }, this::all);
        }

        String value(String name) {
            return lines.stream().filter(l -> l.startsWith(name + " ")).map(l -> l.substring(name.length() + 1))
                    .findFirst().orElse("(no line " + name + ")");
        }

        String all() {
            return String.join(" | ", lines);
        }
    }
}
