package dev.plinth.bootstrapper;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchResultEntry;
import dev.plinth.bootstrapper.infra.InfrastructureEndpoints;
import dev.plinth.bootstrapper.supervisor.SubsystemHost;
import dev.plinth.testkit.wait.Waits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stranger's journey: register, upload a hostile app, deploy it, and from inside its instances
 * try everything an app must never reach - the directory, MongoDB, Kafka, the subsystems' ports,
 * the other instance, host services that are not the platform's doors, the data directory, the
 * caller's token - on the real embedded platform with the isolation it installs. Every attempt
 * must fail, the doors (gateway and MQTT broker) must work, and nothing may change: the stranger
 * is still a developer and the admins group holds the same members.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileAppJourneyTest {

    private static final String APP = "probe";
    private static final String PASSWORD = "correct-horse-battery";
    /** Tells the probe to aim at the address it reaches its own gateway at: the host end of its own network. */
    private static final String GATEWAY_HOST = "gateway-host";

    private Platform platform;
    private Http http;
    private String stranger;
    private String token;
    private Set<String> adminsBefore;

    @BeforeAll
    void startPlatformAndDeployTheProbe(@TempDir Path data) throws Exception {
        platform = Platform.start(TestPlatforms.settings(data));
        http = new Http(platform.gatewayUrl());
        adminsBefore = admins(platform.endpoints());
        stranger = AuthScenarios.registration(http);
        token = http.login(stranger, PASSWORD);

        Http.Answer uploaded = http.upload("/api/apps", "package", "probe-1.0.0.zip", probePackage("1.0.0", Map.of()), token);
        assertEquals(201, uploaded.status(), uploaded.toString());
        Http.Answer deployed = http.post("/api/apps/" + APP + "/deployments", Map.of("version", "1.0.0", "instances", 2), token);
        assertTrue(deployed.status() == 201 || deployed.status() == 200, deployed.toString());
        new Deployments(http, token, APP).awaitRunning("1.0.0", 2, Duration.ofSeconds(120));
    }

    @AfterAll
    void stop() {
        if (platform != null) {
            platform.close();
            LeftBehind.assertNoKafkaClients();
        }
    }

    @Test
    void thePlatformsServersAndPortsAreOutOfReach() {
        InfrastructureEndpoints infra = platform.endpoints();
        Map<String, Integer> internal = new LinkedHashMap<>();
        internal.put("kafka", port(infra.kafkaBootstrap()));
        internal.put("mongodb", URI.create(infra.mongoUri().replaceFirst("/[^/]*$", "")).getPort());
        internal.put("ldap", URI.create(infra.ldapUrl()).getPort());
        for (SubsystemHost host : platform.supervisor().hosts()) {
            if (host.url() != null && host.url().getPort() > 0 && host.url().getPort() != platform.gatewayUrl().getPort()) {
                internal.put(host.name(), host.url().getPort());
            }
        }
        List<String> reached = new ArrayList<>();
        internal.forEach((name, p) -> {
            for (String host : List.of("127.0.0.1", GATEWAY_HOST)) {
                JsonNode answer = probe("/connect?host=" + host + "&port=" + p);
                if (answer.path("connected").asBoolean(true)) {
                    reached.add(name + " at " + host + ":" + p + " " + answer);
                }
            }
        });
        assertEquals(List.of(), reached, "an instance reached the platform's insides");
        // The same way out works for the gateway's port, so the refusals above are the rules, not a broken network.
        JsonNode door = probe("/connect?host=" + GATEWAY_HOST + "&port=" + platform.gatewayUrl().getPort());
        assertTrue(door.path("connected").asBoolean(), door.toString());
    }

    @Test
    void theDoorsWorkAndAreTheOnlyWayOut() throws Exception {
        JsonNode health = probe("/door?path=" + enc("/health"));
        assertEquals(200, health.path("status").asInt(), "the gateway is an app's door: " + health);
        JsonNode mqtt = probe("/mqtt");
        assertTrue(mqtt.path("connected").asBoolean(), "the MQTT broker is an app's door: " + mqtt);

        // A host service bound to every address that is not one of the doors.
        try (ServerSocket service = new ServerSocket()) {
            service.bind(new InetSocketAddress("0.0.0.0", 0));
            JsonNode answer = probe("/connect?host=" + GATEWAY_HOST + "&port=" + service.getLocalPort());
            assertFalse(answer.path("connected").asBoolean(true), "a host service on 0.0.0.0 was reachable: " + answer);
        }
        // UDP to the host: nothing arrives.
        try (DatagramSocket listener = new DatagramSocket(new InetSocketAddress("0.0.0.0", 0))) {
            listener.setSoTimeout(3000);
            for (String host : List.of(GATEWAY_HOST, "127.0.0.1")) {
                probe("/udp?host=" + host + "&port=" + listener.getLocalPort());
            }
            DatagramPacket packet = new DatagramPacket(new byte[64], 64);
            try {
                listener.receive(packet);
                throw new AssertionError("a datagram from an instance reached a host port: " + packet.getSocketAddress());
            } catch (SocketTimeoutException expected) {
                // nothing came through
            }
        }
    }

    @Test
    void oneInstanceCannotReachAnother() {
        Map<String, JsonNode> who = new LinkedHashMap<>();
        Waits.until("both instances answered", Duration.ofSeconds(30), () -> {
            JsonNode answer = probe("/whoami");
            who.put(answer.path("instance").asText(), answer);
            return who.size() == 2 ? who : null;
        }, who::toString);
        List<String> ids = new ArrayList<>(who.keySet());
        JsonNode other = who.get(ids.get(1));
        int port = instancePort(ids.get(1));
        for (JsonNode address : other.path("addresses")) {
            Waits.until("a request that lands on " + ids.get(0), Duration.ofSeconds(30), () -> {
                JsonNode answer = probe("/connect?host=" + enc(address.asText()) + "&port=" + port);
                if (!answer.path("instance").asText().equals(ids.get(0))) {
                    return null;
                }
                assertFalse(answer.path("connected").asBoolean(true), "instance reached another: " + answer);
                return answer;
            }, () -> "");
        }
    }

    @Test
    void theDirectoryCannotBeReachedNorChanged() throws Exception {
        InfrastructureEndpoints infra = platform.endpoints();
        int ldapPort = URI.create(infra.ldapUrl()).getPort();
        String group = infra.ldapLayout().adminsDn();
        String member = infra.ldapLayout().userDn(stranger);
        for (String host : List.of("127.0.0.1", GATEWAY_HOST)) {
            String common = "/ldap?host=" + host + "&port=" + ldapPort + "&base=" + enc(infra.ldapLayout().baseDn())
                    + "&group=" + enc(group) + "&member=" + enc(member);
            JsonNode anonymous = probe(common);
            assertFalse(anonymous.path("modified").asBoolean(false), anonymous.toString());
            assertFalse(anonymous.path("bound").asBoolean(true), "anonymous bind reached the directory: " + anonymous);
            JsonNode asSelf = probe(common + "&dn=" + enc(member) + "&password=" + enc(PASSWORD));
            assertFalse(asSelf.path("bound").asBoolean(true), "a bind as the owner reached the directory: " + asSelf);
        }
        assertEquals(adminsBefore, admins(infra));
        String again = http.login(stranger, PASSWORD);
        assertEquals("[\"DEVELOPER\"]", http.get("/api/auth/me", again).json().path("roles").toString());
    }

    @Test
    void filesOutsideItsOwnDirectoryAreInvisible() throws IOException {
        Path dataDir = platform.dataDir().toAbsolutePath();
        List<String> readable = new ArrayList<>();
        List<Path> secrets = new ArrayList<>(List.of(Path.of("/etc/shadow"), dataDir, dataDir.resolve("secrets.properties"),
                dataDir.resolve("mongo"), dataDir.resolve("agents"), dataDir.resolve("ldap").resolve("directory.ldif")));
        try (Stream<Path> dirs = Files.walk(dataDir.resolve("agents"), 3)) {
            dirs.filter(p -> p.getParent() != null && p.getParent().getFileName().toString().equals("instances"))
                    .forEach(secrets::add);
        }
        for (Path path : secrets) {
            JsonNode answer = probe("/read?path=" + enc(path.toString()));
            if (answer.path("readable").asBoolean(true)) {
                readable.add(path + " " + answer);
            }
        }
        assertEquals(List.of(), readable, "an instance read files outside its directory");
        assertTrue(probe("/read?path=" + enc("plinth.yaml")).path("readable").asBoolean(), "its own files stay readable");

        JsonNode whoami = probe("/whoami");
        assertFalse(whoami.path("Uid").asText().startsWith("0"), "the instance runs as root: " + whoami);
        assertEquals("0000000000000000", whoami.path("CapEff").asText(), "the instance has capabilities: " + whoami);
        assertEquals("1", whoami.path("NoNewPrivs").asText(), whoami.toString());
    }

    @Test
    void theCallersCredentialsNeverReachTheAppAndItsChallengesNeverReachTheBrowser() {
        Http.Answer seen = http.send("GET", "/apps/" + APP + "/headers", null, token,
                Map.of("Cookie", "PLINTH_SESSION=" + token + "; theme=dark", "Proxy-Authorization", "Basic c2VjcmV0"));
        assertEquals(200, seen.status(), seen.toString());
        assertNull(seen.json().get("authorization"), "the app received the caller's token: " + seen);
        assertNull(seen.json().get("proxy-authorization"), seen.toString());
        assertFalse(seen.json().path("cookie").asText("").contains("PLINTH_"), "the app received a platform cookie: " + seen);

        Http.Answer challenge = http.get("/apps/" + APP + "/challenge", null);
        assertNull(challenge.header("WWW-Authenticate"), "the app's challenge reached the browser");
        assertTrue(challenge.raw().headers().allValues("Set-Cookie").stream().noneMatch(c -> c.startsWith("PLINTH_")),
                "the app set a platform cookie: " + challenge.raw().headers());
    }

    @Test
    void theAppsOwnTokenOpensNoPlatformDoorBeyondItsSensors() {
        assertEquals(200, probe("/door?token=1&path=" + enc("/health")).path("status").asInt(), "the gateway answers the app");
        for (String path : List.of("/api/users", "/api/nodes", "/api/apps", "/api/sensors", "/api/logs?app=" + APP)) {
            JsonNode answer = probe("/door?token=1&path=" + enc(path));
            int status = answer.path("status").asInt();
            assertTrue(status == 401 || status == 403, path + " answered the app's token with " + answer);
        }
    }

    @Test
    void aLoaderHijackInTheEnvironmentIsRefusedAtUpload() throws Exception {
        Http.Answer refused = http.upload("/api/apps", "package", "preload.zip",
                probePackage("1.0.1", Map.of("LD_PRELOAD", "/app/evil.so")), token);
        assertEquals(422, refused.status(), refused.toString());
        assertTrue(refused.text().contains("LD_PRELOAD"), refused.toString());
    }

    // --- helpers -------------------------------------------------------------------------------

    /** GET on the probe through the gateway, as anyone on the internet can. */
    private JsonNode probe(String pathAndQuery) {
        Http.Answer answer = Waits.until("the probe answers " + pathAndQuery, Duration.ofSeconds(30), () -> {
            Http.Answer a = http.get("/apps/" + APP + pathAndQuery, null);
            return a.status() == 200 && a.json() != null ? a : null;
        }, () -> "");
        return answer.json();
    }


    private int instancePort(String instanceId) {
        JsonNode deployment = new Deployments(http, token, APP).current();
        for (JsonNode i : deployment.path("instances")) {
            if (i.path("id").asText().equals(instanceId)) {
                return i.path("port").asInt();
            }
        }
        throw new AssertionError("no instance " + instanceId + " in " + deployment);
    }

    private static int port(String hostAndPort) {
        return Integer.parseInt(hostAndPort.substring(hostAndPort.lastIndexOf(':') + 1).split(",")[0]);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The members of the admins group, read as the directory's manager. */
    private Set<String> admins(InfrastructureEndpoints infra) throws Exception {
        URI url = URI.create(infra.ldapUrl());
        try (LDAPConnection ldap = new LDAPConnection(url.getHost(), url.getPort(), infra.ldapManagerDn(), infra.ldapManagerPassword())) {
            SearchResultEntry group = ldap.getEntry(infra.ldapLayout().adminsDn());
            String[] members = group.getAttributeValues("uniqueMember");
            return members == null ? Set.of() : new TreeSet<>(List.of(members));
        }
    }

    /** The probe compiled and packaged with a descriptor of that version; {@code extraEnv} goes into its env. */
    static byte[] probePackage(String version, Map<String, String> extraEnv) throws IOException {
        Path work = Files.createTempDirectory("probe");
        Path source = work.resolve("Probe.java");
        try (InputStream in = HostileAppJourneyTest.class.getResourceAsStream("/hostile/Probe.java")) {
            Files.copy(in, source);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, null, errors, "--release", "17", "-d", work.resolve("classes").toString(), source.toString());
        if (rc != 0) {
            throw new IllegalStateException("the probe does not compile: " + errors);
        }
        StringBuilder yaml = new StringBuilder("""
                name: probe
                version: %s
                description: tries what an app must not do
                run:
                  command: ["java", "-Xmx48m", "-cp", "classes", "Probe"]
                health:
                  path: /health
                resources:
                  cpu: 0.25
                  memoryMb: 160
                """.formatted(version));
        if (!extraEnv.isEmpty()) {
            yaml.append("env:\n");
            extraEnv.forEach((k, v) -> yaml.append("  ").append(k).append(": \"").append(v).append("\"\n"));
        }
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip); Stream<Path> files = Files.walk(work.resolve("classes"))) {
            out.putNextEntry(new ZipEntry("plinth.yaml"));
            out.write(yaml.toString().getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new ZipEntry("classes/" + work.resolve("classes").relativize(file)));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        return zip.toByteArray();
    }
}
