package dev.plinth.bootstrapper.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small real HTTP server playing the platform's registry endpoints the simulator uses: sign-in,
 * sensor types (admins register them) and devices (a token shown once). Requests are recorded.
 */
final class FakePlatform implements AutoCloseable {

    static final String ADMIN_TOKEN = "admin-token";
    static final String DEVELOPER_TOKEN = "developer-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request as received: method, path and JSON body (null for none). */
    record Request(String method, String path, JsonNode body) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private final HttpServer server;
    final Set<String> types = ConcurrentHashMap.newKeySet();
    final Map<String, String> devices = new ConcurrentHashMap<>();
    /** Device id → its type, for those registered through {@code POST /api/sensors} or put here. */
    final Map<String, String> deviceTypes = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();

    FakePlatform() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<String> calls() {
        return requests.stream().map(Request::toString).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            JsonNode body = bytes.length == 0 ? null : JSON.readTree(bytes);
            requests.add(new Request(method, path, body));
            if (method.equals("POST") && path.equals("/api/auth/login")) {
                boolean ok = "ada".equals(body.path("username").asText()) && "correct-horse".equals(body.path("password").asText())
                        || "admin".equals(body.path("username").asText()) && "admin-password".equals(body.path("password").asText());
                if (!ok) {
                    send(exchange, 401, error(401, "wrong username or password"));
                } else {
                    String token = body.path("username").asText().equals("admin") ? ADMIN_TOKEN : DEVELOPER_TOKEN;
                    send(exchange, 200, "{\"username\":\"x\",\"accessToken\":\"" + token + "\",\"tokenType\":\"Bearer\"}");
                }
                return;
            }
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            boolean admin = ("Bearer " + ADMIN_TOKEN).equals(auth);
            if (!admin && !("Bearer " + DEVELOPER_TOKEN).equals(auth)) {
                send(exchange, 401, error(401, "a token is needed"));
                return;
            }
            if (method.equals("GET") && path.startsWith("/api/sensor-types/")) {
                String name = path.substring("/api/sensor-types/".length());
                send(exchange, types.contains(name) ? 200 : 404, types.contains(name)
                        ? "{\"name\":\"" + name + "\",\"kind\":\"sensor\"}" : error(404, "no sensor type named " + name));
            } else if (method.equals("POST") && path.equals("/api/sensor-types")) {
                if (!admin) {
                    send(exchange, 403, error(403, "only admins register sensor types"));
                } else if (!types.add(body.path("name").asText())) {
                    send(exchange, 409, error(409, "exists"));
                } else {
                    send(exchange, 201, body.toString());
                }
            } else if (method.equals("POST") && path.equals("/api/sensors")) {
                String id = body.path("id").asText();
                if (!types.contains(body.path("type").asText())) {
                    send(exchange, 422, error(422, "unknown type " + body.path("type").asText()));
                } else if (devices.putIfAbsent(id, "token-of-" + id) != null) {
                    send(exchange, 409, error(409, id + " exists"));
                } else {
                    deviceTypes.put(id, body.path("type").asText());
                    send(exchange, 201, "{\"id\":\"" + id + "\",\"type\":\"" + body.path("type").asText()
                            + "\",\"token\":\"token-of-" + id + "\"}");
                }
            } else if (method.equals("GET") && path.startsWith("/api/sensors/") && devices.containsKey(path.substring(13))) {
                String id = path.substring("/api/sensors/".length());
                send(exchange, 200, "{\"id\":\"" + id + "\",\"type\":\"" + deviceTypes.getOrDefault(id, "?") + "\"}");
            } else if (method.equals("POST") && path.matches("/api/sensors/[^/]+/token") && devices.containsKey(path.split("/")[3])) {
                String id = path.split("/")[3];
                devices.put(id, "renewed-token-of-" + id);
                send(exchange, 200, "{\"id\":\"" + id + "\",\"token\":\"renewed-token-of-" + id + "\"}");
            } else {
                send(exchange, 404, error(404, "no route"));
            }
        }
    }

    private static String error(int status, String message) {
        return "{\"status\":" + status + ",\"message\":\"" + message + "\",\"problems\":[]}";
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
