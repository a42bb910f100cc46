package dev.plinth.gateway.apps.proxy;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.plinth.gateway.apps.endpoints.Endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An app instance for tests: a real HTTP server on loopback that names itself in {@code X-Instance},
 * echoes POST bodies as it reads them, asks for credentials at {@code /challenge}, and remembers the
 * last request it got.
 */
final class TestInstance implements AutoCloseable {

    final String id;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    volatile String lastTarget;
    volatile Headers lastHeaders;

    TestInstance(String id) throws IOException {
        this.id = id;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    Endpoint endpoint(String app) {
        return new Endpoint(id, app, "127.0.0.1", port());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        lastTarget = exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query);
        lastHeaders = exchange.getRequestHeaders();
        exchange.getResponseHeaders().add("X-Instance", id);
        if (exchange.getRequestURI().getRawPath().equals("/set-cookie")) {
            exchange.getResponseHeaders().add("Set-Cookie", "PLINTH_SESSION=forged; Path=/");
            exchange.getResponseHeaders().add("Set-Cookie", "app-pref=1; Path=/apps/");
        }
        if (exchange.getRequestURI().getRawPath().equals("/challenge")) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"give me your platform password\"");
            exchange.getResponseHeaders().add("Proxy-Authenticate", "Basic realm=\"proxy\"");
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
            return;
        }
        if (exchange.getRequestMethod().equals("POST")) {
            exchange.sendResponseHeaders(200, 0);
            try (InputStream in = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                }
            }
            return;
        }
        byte[] body = ("instance " + id).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
