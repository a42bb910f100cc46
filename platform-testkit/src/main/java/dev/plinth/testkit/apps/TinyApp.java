package dev.plinth.testkit.apps;

import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A tiny app package and a stand-in for the gateway's {@code /api/artifacts/{sha256}} that serves it.
 * The app is one Java file run with the JDK's single-file launcher: it listens on {@code $PORT},
 * answers {@code /health} with {@code $HEALTH_CODE} (200 by default), and says so on stdout and stderr.
 */
public final class TinyApp implements AutoCloseable {

    /** The app's source. */
    public static final String SERVER_JAVA = """
            import com.sun.net.httpserver.HttpServer;
            import java.net.InetSocketAddress;

            public class Server {
                public static void main(String[] args) throws Exception {
                    int port = Integer.parseInt(System.getenv("PORT"));
                    int code = Integer.parseInt(System.getenv().getOrDefault("HEALTH_CODE", "200"));
                    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
                    server.createContext("/health", exchange -> {
                        byte[] body = "ok".getBytes();
                        exchange.sendResponseHeaders(code, body.length);
                        exchange.getResponseBody().write(body);
                        exchange.close();
                    });
                    server.start();
                    System.out.println("listening on " + port + " as " + System.getenv("PLINTH_INSTANCE_ID")
                            + " of " + System.getenv("PLINTH_APP") + " on " + System.getenv("PLINTH_NODE"));
                    System.err.println("a line on stderr");
                }
            }
            """;

    /** The command that runs it. */
    public static final List<String> COMMAND = List.of("java", "Server.java");

    private final HttpServer server;
    private final Map<String, byte[]> packages = new ConcurrentHashMap<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final String sha256;

    public TinyApp() throws IOException {
        byte[] zip = zip(Map.of("Server.java", SERVER_JAVA, "plinth.yaml", "name: tiny\nversion: 1.0.0\n"));
        sha256 = sha256(zip);
        packages.put(sha256, zip);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/artifacts/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            String sha = exchange.getRequestURI().getPath().substring("/api/artifacts/".length());
            byte[] body = packages.get(sha);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    /** @return the package's sha256 */
    public String sha256() {
        return sha256;
    }

    /** @return the stand-in gateway's URL */
    public String gatewayUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** @return the URL the package is served at */
    public String artifactUrl(String sha) {
        return gatewayUrl() + "/api/artifacts/" + sha;
    }

    /** Serves other bytes under a sha256 (a wrong one, say). */
    public void serve(String sha, byte[] zip) {
        packages.put(sha, zip);
    }

    /** @return every Authorization header the stand-in received */
    public List<String> authorizations() {
        return authorizations;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** @return a zip with these text files */
    public static byte[] zip(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                out.putNextEntry(new ZipEntry(file.getKey()));
                out.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** @return the bytes' sha256 in lower-case hex */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
