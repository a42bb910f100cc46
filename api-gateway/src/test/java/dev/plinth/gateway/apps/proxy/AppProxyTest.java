package dev.plinth.gateway.apps.proxy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.plinth.contracts.events.InstanceState;
import dev.plinth.contracts.events.InstanceStatus;
import dev.plinth.contracts.state.AppDocument;
import dev.plinth.contracts.state.Collections;
import dev.plinth.gateway.apps.AppsTestBackends;
import dev.plinth.gateway.apps.StatusPublisher;
import dev.plinth.gateway.apps.endpoints.AppEndpoints;
import dev.plinth.gateway.apps.endpoints.Endpoint;
import dev.plinth.gateway.apps.endpoints.EndpointResync;
import dev.plinth.kit.errors.ApiError;
import dev.plinth.testkit.wait.Waits;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The HTTP proxy to apps end to end: a gateway context against an in-process Kafka broker and MongoDB
 * server, with real HTTP servers on loopback as app instances.
 */
@MicronautTest(environments = {"plinth", "api-gateway"})
@org.junit.jupiter.api.TestInstance(Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AppProxyTest implements TestPropertyProvider {

    private AppsTestBackends backends;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Inject
    ApplicationContext context;
    @Inject
    EmbeddedServer server;
    @Inject
    AppEndpoints endpoints;
    @Inject
    EndpointResync resync;
    @Inject
    AppProxyMetrics metrics;
    @Inject
    MeterRegistry registry;
    @Inject
    MongoClient mongoClient;
    @Inject
    StatusPublisher statuses;
    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        backends = new AppsTestBackends();
        return backends.gatewayProperties();
    }

    @AfterAll
    void stopEverything() throws Exception {
        backends.closeAfter(context);
    }

    private <T extends AutoCloseable> T started(T instance) {
        return backends.started(instance);
    }

    private URI gateway(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getPort() + pathAndQuery);
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(gateway(pathAndQuery)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> post(String pathAndQuery, byte[] body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(gateway(pathAndQuery)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private ApiError error(HttpResponse<String> response) throws IOException {
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        return json.readValue(response.body(), ApiError.class);
    }

    private MongoDatabase db() {
        return mongoClient.getDatabase("plinth");
    }

    private static void await(String what, BooleanSupplier condition) {
        Waits.untilTrue(what, Duration.ofSeconds(30), condition, () -> "not yet");
    }

    @Test
    void spreadsRequestsRoundRobinOverHealthyInstances() throws Exception {
        for (int i = 1; i <= 3; i++) {
            endpoints.healthy(started(new TestInstance("rr-" + i)).endpoint("rr"));
        }
        Map<String, Integer> served = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> response = get("/apps/rr/hello");
            assertEquals(200, response.statusCode(), response.body());
            String instance = response.headers().firstValue("X-Instance").orElseThrow();
            assertEquals("instance " + instance, response.body());
            served.merge(instance, 1, Integer::sum);
        }
        assertEquals(Map.of("rr-1", 10, "rr-2", 10, "rr-3", 10), served);
        assertEquals(new AppProxyMetrics.Counts(30, 0, 0), metrics.of("rr"));
        assertEquals(30, registry.get(ProxyMeters.LATENCY).tags("app", "rr", "status", "2xx").timer().count());
        assertEquals(30.0, registry.get("plinth.gateway.proxy.requests").tag("app", "rr").functionCounter().count());
    }

    @Test
    void stripsThePrefixAndTellsTheAppWhereItIsServed() throws Exception {
        TestInstance instance = started(new TestInstance("paths-1"));
        endpoints.healthy(instance.endpoint("paths"));

        HttpResponse<String> root = get("/apps/paths/");
        assertEquals(200, root.statusCode());
        assertEquals("/", instance.lastTarget);
        assertTrue(root.headers().allValues("Content-Security-Policy").stream().anyMatch(p -> p.startsWith("sandbox allow-scripts")),
                "app pages get an origin of their own: " + root.headers().map());
        assertEquals("/apps/paths", instance.lastHeaders.getFirst("X-Forwarded-Prefix"));
        assertEquals("127.0.0.1", instance.lastHeaders.getFirst("X-Forwarded-For"));
        assertEquals("http", instance.lastHeaders.getFirst("X-Forwarded-Proto"));
        assertEquals("127.0.0.1:" + server.getPort(), instance.lastHeaders.getFirst("X-Forwarded-Host"));

        HttpResponse<String> deep = http.send(HttpRequest.newBuilder(gateway("/apps/paths/a/b%20c/?x=1&y=%2F"))
                .header("X-Forwarded-For", "203.0.113.7")
                .header("Cookie", "PLINTH_SESSION=secret-token; theme=dark")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, deep.statusCode());
        assertEquals("/a/b%20c/?x=1&y=%2F", instance.lastTarget);
        assertEquals("203.0.113.7, 127.0.0.1", instance.lastHeaders.getFirst("X-Forwarded-For"));
        assertEquals("theme=dark", instance.lastHeaders.getFirst("Cookie"), "the platform's session never reaches an app");

        HttpResponse<String> cookies = get("/apps/paths/set-cookie");
        assertEquals(List.of("app-pref=1; Path=/apps/"), cookies.headers().allValues("Set-Cookie"));
    }

    /**
     * The browser sends an app the caller's platform credentials (same origin), and would ask its
     * user for a password on the platform's origin if an app challenged it: neither passes.
     */
    @Test
    void neverHandsTheCallersCredentialsToAnAppNorTheAppsChallengeToTheBrowser() throws Exception {
        TestInstance instance = started(new TestInstance("creds-1"));
        endpoints.healthy(instance.endpoint("creds"));

        HttpResponse<String> withToken = http.send(HttpRequest.newBuilder(gateway("/apps/creds/who"))
                .header("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2ln")
                .header("Proxy-Authorization", "Basic cHJveHk6c2VjcmV0")
                .header("X-App-Key", "kept")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, withToken.statusCode(), withToken.body());
        assertEquals("kept", instance.lastHeaders.getFirst("X-App-Key"), "the app's own headers pass");
        assertFalse(instance.lastHeaders.containsKey("Authorization"), "no token reaches the app: " + instance.lastHeaders.keySet());
        assertFalse(instance.lastHeaders.containsKey("Proxy-authorization"), instance.lastHeaders.keySet().toString());

        HttpResponse<String> withBasic = http.send(HttpRequest.newBuilder(gateway("/apps/creds/who"))
                .header("Authorization", "Basic YWRtaW46Z3Vlc3M=").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, withBasic.statusCode(), "Basic credentials are not checked on app routes, and not passed on: " + withBasic.body());
        assertFalse(instance.lastHeaders.containsKey("Authorization"), instance.lastHeaders.keySet().toString());

        HttpResponse<String> challenged = get("/apps/creds/challenge");
        assertEquals(401, challenged.statusCode(), "the app's own answer passes");
        assertTrue(challenged.headers().firstValue("WWW-Authenticate").isEmpty(), "no password prompt on the platform's origin: "
                + challenged.headers().map());
        assertTrue(challenged.headers().firstValue("Proxy-Authenticate").isEmpty(), challenged.headers().map().toString());
    }

    @Test
    void streamsALargeBodyBothWays() throws Exception {
        endpoints.healthy(started(new TestInstance("bulk-1")).endpoint("bulk"));
        byte[] body = new byte[6 * 1024 * 1024];
        new Random(42).nextBytes(body);
        HttpResponse<byte[]> response = post("/apps/bulk/echo", body);
        assertEquals(200, response.statusCode());
        assertEquals(body.length, response.body().length);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        assertArrayEquals(sha.digest(body), sha.digest(response.body()));
    }

    @Test
    void answersBeforeTheRequestBodyHasEnded() throws Exception {
        endpoints.healthy(started(new TestInstance("stream-1")).endpoint("stream"));
        byte[] part = new byte[64 * 1024];
        java.util.Arrays.fill(part, (byte) 'x');
        try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("POST /apps/stream/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            writeChunk(out, part);
            // Half the body is sent: a gateway that buffered whole bodies could not answer yet.
            String head = readLine(in);
            assertEquals("HTTP/1.1 200 OK", head);
            Map<String, String> headers = new HashMap<>();
            for (String line; !(line = readLine(in)).isEmpty(); ) {
                headers.put(line.substring(0, line.indexOf(':')).toLowerCase(), line.substring(line.indexOf(':') + 1).trim());
            }
            assertEquals("chunked", headers.get("transfer-encoding"));
            int echoed = 0;
            while (echoed < part.length) {
                echoed += readChunk(in);
            }
            assertEquals(part.length, echoed, "the first half came back while the second was not sent");
            writeChunk(out, part);
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (int n; (n = readChunk(in)) > 0; ) {
                echoed += n;
            }
            assertEquals(2 * part.length, echoed);
        }
    }

    private static void writeChunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** @return the size of the chunk read; 0 for the last one */
    private static int readChunk(InputStream in) throws IOException {
        String sizeLine = readLine(in);
        int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
        if (in.readNBytes(size).length != size) {
            throw new IOException("the connection ended inside a chunk");
        }
        if (size == 0) {
            while (!readLine(in).isEmpty()) {
                // trailers
            }
        } else {
            readLine(in);
        }
        return size;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("the connection ended inside a line: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Test
    void skipsAnInstanceThatRefusesConnectionsWithoutFailingARequest() throws Exception {
        endpoints.healthy(started(new TestInstance("flaky-1")).endpoint("flaky"));
        endpoints.healthy(started(new TestInstance("flaky-2")).endpoint("flaky"));
        endpoints.healthy(new Endpoint("flaky-3-dead", "flaky", "127.0.0.1", AppsTestBackends.closedPort()));
        for (int i = 0; i < 9; i++) {
            byte[] body = ("request " + i).getBytes(StandardCharsets.UTF_8);
            HttpResponse<byte[]> response = post("/apps/flaky/echo", body);
            assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
            assertArrayEquals(body, response.body(), "a retried request carries its body");
            assertNotEquals("flaky-3-dead", response.headers().firstValue("X-Instance").orElseThrow());
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(200, get("/apps/flaky/").statusCode());
        }
        assertTrue(endpoints.isSuspect("flaky-3-dead"));
        assertEquals(0, metrics.of("flaky").failures());
    }

    /**
     * The instance keeps a connection alive, then closes it as the gateway's next request arrives
     * on it (its idle timer fired at that moment). Nothing of the instance is wrong: a GET is sent
     * again, even to an app's only instance. A POST may have reached the
     * instance, so it is not sent twice.
     */
    @Test
    void aRequestOnAConnectionTheInstanceClosedIsRetriedWhenItIsSafeToSendTwice() throws Exception {
        KillableInstance instance = started(new KillableInstance("stale-1", 1));
        endpoints.healthy(instance.endpoint("stale"));
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = get("/apps/stale/");
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("instance stale-1", response.body());
        }
        assertTrue(instance.cutOff.get() >= 1, "some GET reused a connection the instance then closed");
        assertEquals(0, metrics.of("stale").failures());

        // Whether the POST meets a used connection depends on when the client's pool takes the
        // last one back; the instance closes on the POST itself, so the rule is tried every run.
        instance.cutOffPosts();
        int before = instance.received.get();
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(gateway("/apps/stale/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(502, post.statusCode(), post.body());
        assertEquals("app 'stale' broke the connection before it answered", error(post).message());
        assertEquals(before + 1, instance.received.get(), "the POST reached the instance once");
    }

    /**
     * Instances are killed one after another under a load of concurrent GETs, each kill ending its
     * connections wherever they are (before the answer, between its headers and its body, idle in
     * the pool) while other instances stay healthy, as when a node agent's process dies. The table
     * learns of each death one kill later, as from a status event, so requests keep meeting the
     * dead port meanwhile. Kills are paced by requests answered, not by time.
     */
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void getsKeepSucceedingWhileInstancesAreKilledMidRequest() throws Exception {
        int clients = 16;
        int kills = 40;
        int requestsPerKill = 100;
        List<KillableInstance> alive = new ArrayList<>();
        List<KillableInstance> dead = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            KillableInstance instance = started(new KillableInstance("churn-" + i));
            alive.add(instance);
            endpoints.healthy(instance.endpoint("churn"));
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger answered = new AtomicInteger();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService load = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(load.submit(() -> {
                    while (!stop.get()) {
                        try {
                            // The timeout turns a request the gateway never answers into a failure, not a hang.
                            HttpResponse<String> response = http.send(HttpRequest.newBuilder(gateway("/apps/churn/n"))
                                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
                            String instance = response.headers().firstValue("X-Instance").orElse("none");
                            if (response.statusCode() != 200 || !response.body().equals("instance " + instance)) {
                                failures.add(response.statusCode() + " " + response.body());
                            }
                        } catch (IOException e) {
                            failures.add(e.toString());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        answered.incrementAndGet();
                    }
                }));
            }
            Random random = new Random(11);
            for (int k = 1; k <= kills; k++) {
                awaitAnswered(answered, k * requestsPerKill);
                if (!dead.isEmpty()) {
                    endpoints.gone(dead.get(dead.size() - 1).id);
                }
                KillableInstance victim = alive.remove(random.nextInt(alive.size()));
                victim.kill(k % 2 == 0);
                dead.add(victim);
                KillableInstance replacement = started(new KillableInstance("churn-" + (4 + k)));
                alive.add(replacement);
                endpoints.healthy(replacement.endpoint("churn"));
            }
            awaitAnswered(answered, (kills + 1) * requestsPerKill);
            stop.set(true);
            for (Future<?> client : running) {
                client.get();
            }
        } finally {
            stop.set(true);
            load.shutdownNow();
        }
        int cutOff = dead.stream().mapToInt(i -> i.cutOff.get()).sum();
        int received = dead.stream().mapToInt(i -> i.received.get()).sum();
        System.out.println("kill test: " + answered.get() + " GETs, " + kills + " kills, " + cutOff + " of the killed instances' "
                + received + " requests cut off");
        assertEquals(List.of(), failures.stream().limit(10).toList(), failures.size() + " of " + answered.get() + " GETs failed");
        assertTrue(answered.get() >= (kills + 1) * requestsPerKill);
        assertTrue(cutOff > 0, "the kills ended requests in flight");
        assertEquals(0, metrics.of("churn").failures());
    }

    private static void awaitAnswered(AtomicInteger answered, int count) {
        Waits.untilTrue(count + " requests answered", Duration.ofMinutes(2), () -> answered.get() >= count,
                () -> answered.get() + " answered");
    }

    @Test
    void answers503WhenEveryInstanceRefuses() throws Exception {
        endpoints.healthy(new Endpoint("gone-1", "gone", "127.0.0.1", AppsTestBackends.closedPort()));
        endpoints.healthy(new Endpoint("gone-2", "gone", "127.0.0.1", AppsTestBackends.closedPort()));
        HttpResponse<String> response = get("/apps/gone/");
        assertEquals(503, response.statusCode());
        assertEquals("app 'gone' has no instance that accepts connections right now", error(response).message());
        assertEquals(new AppProxyMetrics.Counts(1, 1, 0), metrics.of("gone"));
        assertEquals(1, registry.get(ProxyMeters.LATENCY).tags("app", "gone", "status", "5xx").timer().count());
        assertEquals(1.0, registry.get("plinth.gateway.proxy.failures").tag("app", "gone").functionCounter().count());
    }

    @Test
    void answers503WhenAnAppHasNoHealthyInstance() throws Exception {
        db().getCollection(Collections.APPS).insertOne(new Document(AppDocument.ID, "sleepy").append(AppDocument.OWNER, "dev"));
        resync.resync();
        HttpResponse<String> response = get("/apps/sleepy/anything");
        assertEquals(503, response.statusCode());
        ApiError error = error(response);
        assertEquals(503, error.status());
        assertEquals("app 'sleepy' has no healthy instance right now", error.message());
        assertEquals("5", response.headers().firstValue("Retry-After").orElseThrow());
    }

    @Test
    void answers404ForAnAppThatDoesNotExist() throws Exception {
        resync.resync();
        for (String name : List.of("nobody-here", "Not_A_Name")) {
            HttpResponse<String> response = get("/apps/" + name + "/");
            assertEquals(404, response.statusCode());
            assertTrue(error(response).message().startsWith("no app named '" + name + "'"), response.body());
        }
        assertFalse(metrics.all().containsKey("nobody-here"), "made-up names are not counted");
    }

    @Test
    void redirectsAnAppLinkWithoutTheSlash() throws Exception {
        HttpResponse<String> response = get("/apps/some-app?x=1");
        assertEquals(308, response.statusCode());
        assertEquals("/apps/some-app/?x=1", response.headers().firstValue("Location").orElseThrow());
        assertEquals("/apps/other/", get("/apps/other").headers().firstValue("Location").orElseThrow());
    }

    @Test
    void routesFromMongoAndDropsAnInstanceToStopAtTheNextResync() throws Exception {
        TestInstance one = started(new TestInstance("stored-1"));
        TestInstance two = started(new TestInstance("stored-2"));
        db().getCollection(Collections.APPS).insertOne(new Document(AppDocument.ID, "stored").append(AppDocument.OWNER, "dev"));
        for (TestInstance instance : List.of(one, two)) {
            db().getCollection(Collections.INSTANCES).insertOne(new Document("_id", instance.id).append("app", "stored")
                    .append("desired", "RUN").append("state", "HEALTHY").append("node", "node-1")
                    .append("address", "127.0.0.1").append("port", instance.port()).append("createdAt", new Date()));
        }
        resync.resync();
        assertEquals(List.of("stored-1", "stored-2"), served("stored", 4).stream().distinct().sorted().toList());

        db().getCollection(Collections.INSTANCES).updateOne(Filters.eq("_id", "stored-1"),
                Updates.combine(Updates.set("desired", "STOP"), Updates.set("stopReason", "scale-down")));
        resync.resync();
        assertEquals(List.of("stored-2"), served("stored", 4).stream().distinct().toList());
    }

    private List<String> served(String app, int requests) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> response = get("/apps/" + app + "/");
            assertEquals(200, response.statusCode(), response.body());
            ids.add(response.headers().firstValue("X-Instance").orElseThrow());
        }
        return ids;
    }

    @Test
    void anUnhealthyStatusOnKafkaTakesTheInstanceOutOfRotation() throws Exception {
        TestInstance one = started(new TestInstance("events-1"));
        TestInstance two = started(new TestInstance("events-2"));
        // The listener starts at the newest event, so repeat until it is surely listening.
        await("both instances are routed", () -> {
            statuses.send(one.id, status(one, InstanceState.HEALTHY));
            statuses.send(two.id, status(two, InstanceState.HEALTHY));
            return endpoints.healthyOf("events").size() == 2;
        });
        assertEquals(List.of("events-1", "events-2"), served("events", 4).stream().distinct().sorted().toList());

        statuses.send(one.id, status(one, InstanceState.UNHEALTHY));
        await("the unhealthy instance leaves", () -> endpoints.healthyOf("events").size() == 1);
        assertEquals(List.of("events-2"), served("events", 4).stream().distinct().toList());
    }

    private static InstanceStatus status(TestInstance instance, InstanceState state) {
        return new InstanceStatus(java.util.UUID.randomUUID().toString(), instance.id, "node-1", "events", "events-d1",
                "1.0.0", 1, state, "127.0.0.1", instance.port(), null, null, Instant.now());
    }
}
