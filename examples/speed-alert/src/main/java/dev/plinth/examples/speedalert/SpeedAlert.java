package dev.plinth.examples.speedalert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.plinth.sdk.Controllers;
import dev.plinth.sdk.Plinth;
import dev.plinth.sdk.PlinthException;
import dev.plinth.sdk.Reading;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The speed-alert example app: it reads the {@code speed} sensors bound to it (a shared
 * subscription, so each reading reaches one instance), and when a vehicle passes
 * {@code THRESHOLD_KMH} it logs an alert and sends {@code {"action":"beep","sensor":…,"speedKmh":…}}
 * to the {@code buzzer} controllers.
 *
 * <p>It serves {@code GET /health} (the platform's health check) and {@code GET /}, JSON with the
 * readings seen and the alerts raised by this instance, on {@code $PORT}.</p>
 */
public final class SpeedAlert {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SpeedAlert() {
    }

    /**
     * Starts the app and runs until the process is stopped.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        int port;
        SpeedWatch watch;
        try {
            port = Integer.parseInt(env.getOrDefault("PORT", "8080"));
            watch = new SpeedWatch(Double.parseDouble(env.getOrDefault("THRESHOLD_KMH", "90")));
        } catch (IllegalArgumentException e) {
            System.err.println("speed-alert: PORT and THRESHOLD_KMH must be numbers: " + e.getMessage());
            System.exit(2);
            return;
        }
        Plinth[] plinth = new Plinth[1];
        HttpServer server;
        try {
            // Serve first, so the platform's health check passes while the broker is being reached.
            server = serve(port, watch, env, () -> plinth[0] != null && plinth[0].isConnected());
        } catch (IOException e) {
            System.err.println("speed-alert: cannot listen on port " + port + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        try {
            plinth[0] = Plinth.connect();
            run(plinth[0], watch);
        } catch (PlinthException e) {
            System.err.println("speed-alert: " + e.getMessage());
            server.stop(0);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("speed-alert stopping");
            plinth[0].close();
            server.stop(1);
        }));
        System.out.printf("speed-alert listening on port %d, alerting above %.0f km/h%n",
                server.getAddress().getPort(), watch.thresholdKmh());
    }

    /**
     * Wires the watch to the app's sensors and buzzer.
     *
     * @param plinth the connection
     * @param watch  the threshold logic
     */
    static void run(Plinth plinth, SpeedWatch watch) {
        Controllers buzzer = plinth.controllers("buzzer");
        buzzer.onRejected(r -> System.out.println("the platform refused a buzzer command: " + r.reason()));
        plinth.sensors("speed").subscribe(reading -> onReading(reading, watch, buzzer));
    }

    private static void onReading(Reading reading, SpeedWatch watch, Controllers buzzer) {
        Object speed = reading.values().get("speedKmh");
        if (!(speed instanceof Number kmh)) {
            System.out.println("ignoring a reading of " + reading.sensorId() + " without speedKmh: " + reading.values());
            return;
        }
        watch.observe(reading.sensorId(), kmh.doubleValue()).ifPresent(alert -> {
            System.out.println(Instant.now() + " " + alert.logLine());
            buzzer.send(alert.command()).exceptionally(e -> {
                System.out.println("could not send the beep for " + alert.sensorId() + ": " + e.getMessage());
                return null;
            });
        });
    }

    /**
     * Serves {@code /health} and {@code /}.
     *
     * @param port      the port, 0 for any free one
     * @param watch     whose counters {@code /} shows
     * @param env       where the app's name and instance come from
     * @param connected whether the broker connection is up now
     * @return the running server
     * @throws IOException when the port cannot be bound
     */
    static HttpServer serve(int port, SpeedWatch watch, Map<String, String> env, BooleanSupplier connected) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                if (path.equals("/health")) {
                    respond(exchange, 200, "text/plain; charset=utf-8", "ok\n");
                } else if (path.equals("/")) {
                    Map<String, Object> status = new LinkedHashMap<>();
                    status.put("app", env.get("PLINTH_APP"));
                    status.put("instance", env.get("PLINTH_INSTANCE_ID"));
                    status.put("thresholdKmh", watch.thresholdKmh());
                    status.put("readingsSeen", watch.readingsSeen());
                    status.put("alertsRaised", watch.alertsRaised());
                    status.put("mqttConnected", connected.getAsBoolean());
                    respond(exchange, 200, "application/json", JSON.writeValueAsString(status) + "\n");
                } else {
                    respond(exchange, 404, "text/plain; charset=utf-8", "not found: " + path + "\n");
                }
            }
        });
        server.start();
        return server;
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
