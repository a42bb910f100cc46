package dev.plinth.bootstrapper;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import dev.plinth.bootstrapper.infra.LdapLayout;
import dev.plinth.bootstrapper.infra.Ports;
import dev.plinth.bootstrapper.supervisor.SubsystemHost;
import dev.plinth.contracts.state.Collections;
import dev.plinth.kit.security.ServiceTokens;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The doors of the platform: HTTP Basic is no way in (and no way to guess passwords), registration
 * can be closed by an admin, and health details are for admins. The directory is a real LDAP server
 * this test runs, so it can count who binds to it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayDoorsTest {

    private static final String ADMIN = "root";
    private static final String ADMIN_PASSWORD = "a-long-admin-password-1";
    private static final String DEVELOPER_PASSWORD = "correct-horse-battery";

    /** Binds as anyone but Plinth's own manager DN: password checks of people. */
    private final AtomicLong personBinds = new AtomicLong();
    private InMemoryDirectoryServer directory;
    private Platform platform;
    private Http http;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        LdapLayout layout = LdapLayout.DEFAULT;
        String managerPassword = "manager-secret-42";
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(layout.baseDn());
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("default", InetAddress.getLoopbackAddress(), Ports.free(), null));
        config.addAdditionalBindCredentials(ExternalServers.MANAGER_DN, managerPassword);
        config.addInMemoryOperationInterceptor(new InMemoryOperationInterceptor() {
            @Override
            public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) {
                if (!ExternalServers.MANAGER_DN.equalsIgnoreCase(request.getRequest().getBindDN())) {
                    personBinds.incrementAndGet();
                }
            }
        });
        directory = new InMemoryDirectoryServer(config);
        directory.startListening();
        String url = "ldap://127.0.0.1:" + directory.getListenPort();
        ExternalServers.seedDirectory(url, managerPassword, layout, ADMIN, ADMIN_PASSWORD);

        Map<String, String> env = TestPlatforms.environment(data);
        env.put("LDAP_URL", url);
        env.put("LDAP_BIND_DN", ExternalServers.MANAGER_DN);
        env.put("LDAP_BIND_PASSWORD", managerPassword);
        platform = Platform.start(PlatformSettings.fromEnvironment(env));
        http = new Http(platform.gatewayUrl());
    }

    @AfterAll
    void stop() {
        if (platform != null) {
            platform.close();
        }
        if (directory != null) {
            directory.shutDown(true);
        }
    }

    /** Sends only a request head declaring a body and reads the answer, which must come without the body. */
    private static String headOnly(URI server, String path, long declared) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(server.getHost(), server.getPort()), 5000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: " + server.getAuthority()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + declared + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            java.io.InputStream in = socket.getInputStream();
            java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return head.toString(StandardCharsets.US_ASCII);
                }
                head.write(b);
            }
            String headText = head.toString(StandardCharsets.US_ASCII);
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(headText);
            byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
            return headText + new String(body, StandardCharsets.UTF_8);
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Every server of the platform: the gateway and each subsystem straight on its own port. */
    private List<URI> servers() {
        List<URI> servers = new ArrayList<>(List.of(platform.gatewayUrl()));
        for (SubsystemHost host : platform.supervisor().hosts()) {
            if (host.url() != null && !servers.contains(host.url())) {
                servers.add(host.url());
            }
        }
        return servers;
    }

    /** Protected GET routes without path variables, by server: through the gateway, and each subsystem's own. */
    private Map<URI, List<String>> protectedRoutes() {
        Map<URI, List<String>> routes = new java.util.LinkedHashMap<>();
        List<String> viaGateway = new ArrayList<>(List.of("/api/auth/me", "/api/apps", "/api/nodes", "/api/sensors",
                "/api/alerts", "/api/logs", "/api/users", "/prometheus"));
        routes.put(platform.gatewayUrl(), viaGateway);
        for (SubsystemHost host : platform.supervisor().hosts()) {
            if (host.url() == null) {
                continue;
            }
            List<String> own = new ArrayList<>(List.of("/prometheus"));
            for (UriRouteInfo<?, ?> route : host.context().getBean(Router.class).uriRoutes().toList()) {
                String template = route.getUriMatchTemplate().toString();
                if (route.getHttpMethodName().equals("GET") && !template.contains("{") && !AuthTest.PUBLIC_ROUTES.contains("GET " + template)
                        && !own.contains(template)) {
                    own.add(template);
                }
            }
            routes.merge(host.url(), own, (a, b) -> {
                List<String> all = new ArrayList<>(a);
                b.stream().filter(p -> !all.contains(p)).forEach(all::add);
                return all;
            });
        }
        return routes;
    }

    @Test
    void basicCredentialsOpenNoDoorAndNeverReachTheDirectory() {
        Map<URI, List<String>> routes = protectedRoutes();
        assertTrue(routes.size() >= 6, "the gateway and every subsystem: " + routes.keySet());
        long before = personBinds.get();
        List<String> failures = new ArrayList<>();
        int guesses = 0;
        for (Map.Entry<URI, List<String>> server : routes.entrySet()) {
            Http direct = new Http(server.getKey());
            for (String path : server.getValue()) {
                // The right password and wrong guesses alike.
                for (String password : List.of(ADMIN_PASSWORD, "guess-a" + guesses, "guess-b" + guesses, "guess-c" + guesses, "guess-d" + guesses)) {
                    guesses++;
                    Http.Answer answer = direct.send("GET", path, null, null, Map.of("Authorization", basic(ADMIN, password)));
                    if (answer.status() != 401) {
                        failures.add(server.getKey() + path + " answered Basic credentials " + answer.status());
                    }
                    String challenge = answer.header("WWW-Authenticate");
                    if (challenge != null && challenge.toLowerCase().contains("basic")) {
                        failures.add(server.getKey() + path + " asks for Basic credentials: " + challenge);
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(guesses >= 100, "guesses made: " + guesses);
        assertEquals(before, personBinds.get(), guesses + " Basic attempts made no password check at the directory");

        // The one door: sign-in checks the password with the directory (and is rate-limited, see AuthTest).
        String token = http.login(ADMIN, ADMIN_PASSWORD);
        assertNotNull(token);
        assertTrue(personBinds.get() > before, "sign-in binds as the person: the count is real");
    }

    /** Each server refuses an oversized body itself, so a request that bypasses the gateway is capped too. */
    @Test
    void everyServerCapsBodiesBeforeReadingThem() throws Exception {
        for (URI server : servers()) {
            for (String[] route : new String[][]{
                    {"/api/auth/register", "16 KiB, the most sign-in and registration may send"},
                    {"/api/ingest/car-1", "64 KiB, the most a device reading may send"},
                    {"/api/sensors", "1 MiB, the most this route may send"}}) {
                String answer = headOnly(server, route[0], 5_000_000);
                assertTrue(answer.startsWith("HTTP/1.1 413"), server + route[0] + ": " + answer);
                assertTrue(answer.contains("is 5000000 bytes, more than " + route[1] + "; send less"), server + route[0] + ": " + answer);
            }
        }
    }

    @Test
    void anAdminClosesAndReopensRegistrationForEveryGateway() throws Exception {
        String admin = http.login(ADMIN, ADMIN_PASSWORD);
        String early = AuthScenarios.uniqueName("early");
        assertEquals(201, http.post("/api/auth/register", Map.of("username", early, "password", DEVELOPER_PASSWORD), null).status());
        String developer = http.login(early, DEVELOPER_PASSWORD);
        assertEquals(true, http.get("/api/auth/registration", null).json().path("open").asBoolean(false), "open by default");

        assertEquals(401, http.send("PUT", "/api/settings/registration", Map.of("open", false), null, Map.of()).status());
        assertEquals(403, http.send("PUT", "/api/settings/registration", Map.of("open", false), developer, Map.of()).status(),
                "developers cannot switch it");
        Http.Answer unclear = http.send("PUT", "/api/settings/registration", Map.of(), admin, Map.of());
        assertEquals(400, unclear.status(), unclear.toString());
        assertEquals("send {\"open\": true} or {\"open\": false}", unclear.json().path("message").asText());

        Http.Answer closed = http.send("PUT", "/api/settings/registration", Map.of("open", false), admin, Map.of());
        assertEquals(200, closed.status(), closed.toString());
        assertFalse(closed.json().path("open").asBoolean(true));
        assertEquals(ADMIN, closed.json().path("changedBy").asText());
        assertFalse(http.get("/api/auth/registration", null).json().path("open").asBoolean(true));
        try (MongoClient mongo = MongoClients.create(platform.endpoints().mongoUri())) {
            Document stored = mongo.getDatabase(platform.endpoints().mongoDatabase()).getCollection(Collections.SETTINGS)
                    .find(new Document("_id", "registration")).first();
            assertNotNull(stored, "kept in MongoDB, where every gateway process reads it");
            assertEquals(false, stored.getBoolean("open"));
        }

        String refused = AuthScenarios.uniqueName("late");
        Http.Answer attempt = http.post("/api/auth/register", Map.of("username", refused, "password", DEVELOPER_PASSWORD), null);
        assertEquals(403, attempt.status(), attempt.toString());
        assertEquals("registration is closed; ask an admin", attempt.json().path("message").asText());
        assertEquals(404, http.get("/api/users/" + refused, admin).status(), "no account was made");
        assertEquals(401, http.post("/api/auth/login", Map.of("username", refused, "password", DEVELOPER_PASSWORD), null).status());
        assertEquals(200, http.get("/api/auth/me", developer).status(), "people who have an account keep it");

        assertEquals(200, http.send("PUT", "/api/settings/registration", Map.of("open", true), admin, Map.of()).status());
        assertEquals(201, http.post("/api/auth/register", Map.of("username", refused, "password", DEVELOPER_PASSWORD), null).status());
    }

    @Test
    void healthDetailsAreForAdminsAndServicesOnly() {
        String admin = http.login(ADMIN, ADMIN_PASSWORD);
        String developerName = AuthScenarios.uniqueName("healthdev");
        http.post("/api/auth/register", Map.of("username", developerName, "password", DEVELOPER_PASSWORD), null);
        String developer = http.login(developerName, DEVELOPER_PASSWORD);
        String service = platform.supervisor().hosts().get(0).context().getBean(ServiceTokens.class).issue();
        for (URI server : servers()) {
            Http direct = new Http(server);
            Http.Answer anonymous = direct.get("/health", null);
            assertNotNull(anonymous.json(), server + " " + anonymous);
            assertTrue(anonymous.json().has("status"), server + " " + anonymous);
            assertNull(anonymous.json().get("details"), "no details for anyone: " + server + " " + anonymous);
            Http.Answer asDeveloper = direct.get("/health", developer);
            assertNull(asDeveloper.json().get("details"), "no details for a developer: " + server + " " + asDeveloper);
            assertEquals(anonymous.json().get("status"), asDeveloper.json().get("status"));
            Http.Answer asAdmin = direct.get("/health", admin);
            assertNotNull(asAdmin.json().get("details"), "details for an admin: " + server + " " + asAdmin);
            Http.Answer asService = direct.get("/health", service);
            assertNotNull(asService.json().get("details"), "details for the platform's services: " + server + " " + asService);
        }
    }
}
