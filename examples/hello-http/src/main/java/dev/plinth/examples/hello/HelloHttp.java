package dev.plinth.examples.hello;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The example app of the Plinth developer contract: an HTTP server with no framework.
 *
 * <ul>
 *   <li>It listens on {@code $PORT}, on every address, as Plinth requires.</li>
 *   <li>{@code GET /health} answers 200: the health check named in {@code plinth.yaml}.</li>
 *   <li>{@code GET /} answers JSON naming the app, version, instance and node that answered, read
 *       from the {@code PLINTH_*} variables Plinth sets.</li>
 *   <li>Every request is logged as one line on stdout, which Plinth collects.</li>
 * </ul>
 *
 * <p>Requests reach the app under {@code /apps/hello-http/} on the platform's gateway, with that
 * prefix stripped; {@code X-Forwarded-Prefix} says what it was, for building links.</p>
 */
public final class HelloHttp {

    private HelloHttp() {
    }

    /**
     * Starts the server and serves until the process is stopped.
     *
     * @param args ignored
     * @throws IOException when the port cannot be bound
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> env = System.getenv();
        int port = Integer.parseInt(env.getOrDefault("PORT", "8080"));
        HttpServer server = start(port, env);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("hello-http stopping");
            server.stop(1);
        }));
        System.out.println("hello-http listening on port " + server.getAddress().getPort());
    }

    /**
     * Starts the server on a port.
     *
     * @param port the port, 0 for any free one
     * @param env  where the {@code PLINTH_*} values come from
     * @return the running server
     * @throws IOException when the port cannot be bound
     */
    public static HttpServer start(int port, Map<String, String> env) throws IOException {
        // Without TCP_NODELAY small answers wait on delayed ACKs: about 40 ms each.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            try (exchange) {
                respond(exchange, env);
            }
        });
        server.start();
        return server;
    }

    private static void respond(HttpExchange exchange, Map<String, String> env) throws IOException {
        String path = exchange.getRequestURI().getPath();
        int status;
        String type;
        String body;
        if (path.equals("/health")) {
            status = 200;
            type = "text/plain; charset=utf-8";
            body = "ok\n";
        } else if (path.equals("/")) {
            status = 200;
            type = "application/json";
            body = "{\"app\":" + json(env.get("PLINTH_APP"))
                    + ",\"version\":" + json(env.get("PLINTH_VERSION"))
                    + ",\"instance\":" + json(env.get("PLINTH_INSTANCE_ID"))
                    + ",\"node\":" + json(env.get("PLINTH_NODE"))
                    + "}\n";
        } else {
            status = 404;
            type = "text/plain; charset=utf-8";
            body = "not found: " + path + "\n";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        if ("false".equals(env.get("LOG_REQUESTS"))) {
            return;
        }
        String prefix = exchange.getRequestHeaders().getFirst("X-Forwarded-Prefix");
        System.out.println(Instant.now() + " " + exchange.getRequestMethod() + " "
                + (prefix == null ? "" : prefix) + exchange.getRequestURI() + " " + status);
    }

    /** Renders a value as a JSON string, or null when unset. */
    static String json(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
