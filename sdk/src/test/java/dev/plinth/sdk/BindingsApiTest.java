package dev.plinth.sdk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code latest} and {@code history} against a real HTTP server that answers as docs/sensors.md
 * says, and refuses a wrong bearer token.
 */
class BindingsApiTest {

    private static final String TOKEN = "instance-credential";
    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/bindings/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            requests.add(exchange.getRequestMethod() + " " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, "{\"status\":401,\"error\":\"Unauthorized\",\"message\":\"no valid token\"}");
                return;
            }
            switch (uri.getPath()) {
                case "/api/bindings/speed-alert/speed/latest" -> send(exchange, 200, """
                        {"car-1": {"readingId":"a","sensorId":"car-1","type":"vehicle-speed","values":{"speedKmh":51.5},
                                   "deviceTime":"2026-11-22T12:00:00Z","receivedAt":"2026-11-22T12:00:00.100Z"},
                         "car-2": {"readingId":"b","sensorId":"car-2","type":"vehicle-speed","values":{"speedKmh":97},
                                   "receivedAt":"2026-11-22T12:00:01Z"}}""");
                case "/api/bindings/speed-alert/speed/history" -> send(exchange, 200, """
                        [{"readingId":"h1","sensorId":"car-1","type":"vehicle-speed","values":{"speedKmh":10},"receivedAt":"2026-11-22T11:00:00Z"},
                         {"readingId":"h2","sensorId":"car-2","type":"vehicle-speed","values":{"speedKmh":20},"receivedAt":"2026-11-22T11:30:00Z"}]""");
                default -> send(exchange, 404, "{\"status\":404,\"error\":\"Not Found\",\"message\":\"speed-alert has no requirement named "
                        + uri.getPath().split("/")[4] + "\"}");
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private BindingsApi api(String token) {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new BindingsApi(new PlinthConfig(URI.create("tcp://127.0.0.1:1"), "app:speed-alert:i1", "mqtt-password",
                base, token, "speed-alert"), Plinth.TIMEOUT);
    }

    @Test
    void latestAsksForTheAppsRequirementWithTheToken() {
        Map<String, Reading> latest = api(TOKEN).latest("speed");
        assertEquals(List.of("GET /api/bindings/speed-alert/speed/latest"), requests);
        assertEquals(List.of("car-1", "car-2"), List.copyOf(latest.keySet()));
        assertEquals(51.5, latest.get("car-1").number("speedKmh"));
        assertEquals(Instant.parse("2026-11-22T12:00:00Z"), latest.get("car-1").deviceTime());
        assertEquals(97, latest.get("car-2").number("speedKmh"));
        assertEquals(null, latest.get("car-2").deviceTime());
        assertEquals(Instant.parse("2026-11-22T12:00:01Z"), latest.get("car-2").time());
    }

    @Test
    void historySendsTheRangeAndKeepsTheOrder() {
        Instant from = Instant.parse("2026-11-22T11:00:00Z");
        Instant to = Instant.parse("2026-11-22T12:00:00.5Z");
        List<Reading> history = api(TOKEN).history("speed", from, to, 500);
        assertEquals(List.of("GET /api/bindings/speed-alert/speed/history"
                + "?from=2026-11-22T11%3A00%3A00Z&to=2026-11-22T12%3A00%3A00.500Z&limit=500"), requests);
        assertEquals(List.of("h1", "h2"), history.stream().map(Reading::readingId).toList());
    }

    @Test
    void aWrongTokenIsA401ThatSaysWhichVariable() {
        PlinthApiException e = assertThrows(PlinthApiException.class, () -> api("stale").latest("speed"));
        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("PLINTH_TOKEN"), e.getMessage());
        assertTrue(e.body().contains("no valid token"), e.body());
    }

    @Test
    void anUnknownRequirementIsA404WithThePlatformsMessage() {
        PlinthApiException e = assertThrows(PlinthApiException.class, () -> api(TOKEN).latest("temperature"));
        assertEquals(404, e.status());
        assertTrue(e.getMessage().contains("speed-alert has no requirement named temperature"), e.getMessage());
    }

    @Test
    void withoutAnApiUrlTheMessageSaysWhatToSet() {
        BindingsApi api = new BindingsApi(new PlinthConfig(URI.create("tcp://127.0.0.1:1"), "app:a:i", "p", null, null, "a"),
                Plinth.TIMEOUT);
        PlinthException e = assertThrows(PlinthException.class, () -> api.latest("speed"));
        assertTrue(e.getMessage().startsWith("PLINTH_API_URL is not set"), e.getMessage());
    }

    @Test
    void aPlatformThatIsDownIsNamed() {
        int port = server.getAddress().getPort();
        server.stop(0);
        PlinthException e = assertThrows(PlinthException.class, () -> api(TOKEN).latest("speed"));
        assertTrue(e.getMessage().startsWith("cannot reach the platform at http://127.0.0.1:" + port), e.getMessage());
    }
}
