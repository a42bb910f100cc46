import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.directory.BasicAttribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.ModificationItem;
import javax.naming.directory.SearchControls;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A hostile app, as a stranger would upload it: it answers its health check like any app, and on
 * request tries to reach what an app must never reach (the platform's servers, other instances,
 * files outside its directory) and reports what happened as JSON. The journey test drives it
 * through the gateway and asserts that every attempt failed.
 */
public class Probe {

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 64);
        server.createContext("/health", ex -> reply(ex, 200, Map.of("status", "UP")));
        server.createContext("/connect", ex -> reply(ex, 200, connect(host(query(ex, "host")), Integer.parseInt(query(ex, "port")))));
        server.createContext("/udp", ex -> reply(ex, 200, udp(host(query(ex, "host")), Integer.parseInt(query(ex, "port")))));
        server.createContext("/http", ex -> reply(ex, 200, http(query(ex, "url"), "1".equals(query(ex, "token")))));
        server.createContext("/door", ex -> reply(ex, 200, http(System.getenv("PLINTH_API_URL") + query(ex, "path"),
                "1".equals(query(ex, "token")))));
        server.createContext("/mqtt", ex -> {
            URI mqtt = URI.create(System.getenv("PLINTH_MQTT_URL"));
            reply(ex, 200, connect(mqtt.getHost(), mqtt.getPort()));
        });
        server.createContext("/read", ex -> reply(ex, 200, read(query(ex, "path"))));
        server.createContext("/ldap", ex -> reply(ex, 200, ldap(ex)));
        server.createContext("/headers", ex -> {
            Map<String, Object> seen = new TreeMap<>();
            ex.getRequestHeaders().forEach((name, values) -> seen.put(name.toLowerCase(), String.join(", ", values)));
            reply(ex, 200, seen);
        });
        server.createContext("/env", ex -> reply(ex, 200, Map.of("names", new TreeMap<>(System.getenv()).keySet().toString(),
                "gateway", String.valueOf(System.getenv("PLINTH_API_URL")), "mqtt", String.valueOf(System.getenv("PLINTH_MQTT_URL")))));
        server.createContext("/whoami", ex -> reply(ex, 200, whoami()));
        server.createContext("/challenge", ex -> {
            ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"phish\"");
            ex.getResponseHeaders().add("Set-Cookie", "PLINTH_SESSION=stolen; Path=/");
            reply(ex, 401, Map.of("login", "please"));
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
        System.out.println("probe listening on " + port);
    }

    private static Map<String, Object> connect(String host, int port) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("target", host + ":" + port);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
            out.put("connected", true);
        } catch (IOException | RuntimeException e) {
            out.put("connected", false);
            out.put("error", e.toString());
        }
        return out;
    }

    private static Map<String, Object> udp(String host, int port) {
        Map<String, Object> out = new LinkedHashMap<>();
        try (DatagramSocket socket = new DatagramSocket()) {
            byte[] data = "probe".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 5; i++) {
                socket.send(new DatagramPacket(data, data.length, InetAddress.getByName(host), port));
            }
            out.put("sent", true);
        } catch (IOException | RuntimeException e) {
            out.put("sent", false);
            out.put("error", e.toString());
        }
        return out;
    }

    /** GET a URL, with the app's own token when asked (to try what the platform lets an app do). */
    private static Map<String, Object> http(String url, boolean withToken) {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
            if (withToken) {
                request.header("Authorization", "Bearer " + System.getenv("PLINTH_TOKEN"));
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            out.put("status", response.statusCode());
            out.put("body", response.body().length() > 300 ? response.body().substring(0, 300) : response.body());
        } catch (IOException | RuntimeException | InterruptedException e) {
            out.put("status", -1);
            out.put("error", e.toString());
        }
        return out;
    }

    private static Map<String, Object> read(String path) {
        Map<String, Object> out = new LinkedHashMap<>();
        Path file = Path.of(path);
        try {
            if (Files.isDirectory(file)) {
                try (Stream<Path> list = Files.list(file)) {
                    out.put("entries", list.map(p -> p.getFileName().toString()).sorted().toList());
                }
            } else {
                out.put("bytes", Files.readAllBytes(file).length);
            }
            out.put("readable", true);
        } catch (IOException | RuntimeException e) {
            out.put("readable", false);
            out.put("error", e.toString());
        }
        return out;
    }

    /** Binds (anonymously, or as the given DN), searches, then tries to add a member to a group. */
    private static Map<String, Object> ldap(HttpExchange ex) {
        Map<String, Object> out = new LinkedHashMap<>();
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, "ldap://" + host(query(ex, "host")) + ":" + query(ex, "port"));
        env.put("com.sun.jndi.ldap.connect.timeout", "2000");
        env.put("com.sun.jndi.ldap.read.timeout", "5000");
        String dn = query(ex, "dn");
        if (dn == null || dn.isEmpty()) {
            env.put(Context.SECURITY_AUTHENTICATION, "none");
        } else {
            env.put(Context.SECURITY_AUTHENTICATION, "simple");
            env.put(Context.SECURITY_PRINCIPAL, dn);
            env.put(Context.SECURITY_CREDENTIALS, query(ex, "password"));
        }
        DirContext ctx;
        try {
            ctx = new InitialDirContext(env);
            out.put("bound", true);
        } catch (NamingException | RuntimeException e) {
            out.put("bound", false);
            out.put("error", e.toString());
            return out;
        }
        try {
            SearchControls controls = new SearchControls();
            controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
            int found = 0;
            var results = ctx.search(query(ex, "base"), "(objectClass=*)", controls);
            while (results.hasMore()) {
                results.next();
                found++;
            }
            out.put("searched", found);
        } catch (NamingException | RuntimeException e) {
            out.put("searched", -1);
            out.put("searchError", e.toString());
        }
        try {
            ctx.modifyAttributes(query(ex, "group"), new ModificationItem[]{
                    new ModificationItem(DirContext.ADD_ATTRIBUTE, new BasicAttribute("uniqueMember", query(ex, "member")))});
            out.put("modified", true);
        } catch (NamingException | RuntimeException e) {
            out.put("modified", false);
            out.put("modifyError", e.toString());
        }
        try {
            ctx.close();
        } catch (NamingException ignored) {
            // closing a connection that is gone
        }
        return out;
    }

    private static Map<String, Object> whoami() {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:") || line.startsWith("Gid:") || line.startsWith("CapEff:") || line.startsWith("NoNewPrivs:")) {
                    out.put(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1).trim());
                }
            }
        } catch (IOException e) {
            out.put("error", e.toString());
        }
        out.put("cwd", Path.of("").toAbsolutePath().toString());
        try {
            java.util.List<String> addresses = new java.util.ArrayList<>();
            for (java.net.NetworkInterface nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : java.util.Collections.list(nic.getInetAddresses())) {
                    if (!address.isLoopbackAddress()) {
                        addresses.add(address.getHostAddress());
                    }
                }
            }
            out.put("addresses", addresses);
        } catch (IOException e) {
            out.put("addressError", e.toString());
        }
        return out;
    }

    /** The host to try; {@code gateway-host} stands for the host this instance reaches its gateway at. */
    private static String host(String given) {
        return "gateway-host".equals(given) ? URI.create(System.getenv("PLINTH_API_URL")).getHost() : given;
    }

    private static String query(HttpExchange ex, String name) {
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null) {
            return null;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void reply(HttpExchange ex, int status, Map<String, ?> body) throws IOException {
        StringBuilder json = new StringBuilder("{\"instance\":").append(quote(String.valueOf(System.getenv("PLINTH_INSTANCE_ID"))));
        for (Map.Entry<String, ?> e : body.entrySet()) {
            json.append(',').append(quote(e.getKey())).append(':').append(value(e.getValue()));
        }
        byte[] bytes = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String value(Object v) {
        if (v instanceof Boolean || v instanceof Number) {
            return v.toString();
        }
        if (v instanceof java.util.List<?> list) {
            StringBuilder s = new StringBuilder("[");
            for (Object item : list) {
                if (s.length() > 1) {
                    s.append(',');
                }
                s.append(quote(String.valueOf(item)));
            }
            return s.append(']').toString();
        }
        return quote(String.valueOf(v));
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
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
