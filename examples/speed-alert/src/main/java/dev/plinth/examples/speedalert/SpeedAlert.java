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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The speed-alert example app: it reads the {@code speed} sensors bound to it (a shared
 * subscription, so each reading reaches one instance), and when a vehicle passes
 * {@code THRESHOLD_KMH} it logs an alert and sends {@code {"action":"beep","sensor":…,"speedKmh":…}}
 * to the {@code buzzer} controllers.
 *
 * <p>It serves, on {@code $PORT}: {@code GET /health} (the platform's health check); {@code GET /},
 * JSON with this instance's counters (readings received and distinct reading ids among them,
 * alerts raised, commands the broker took, whether it is connected and subscribed); and
 * {@code GET /seen}, the readings it received (id, sensor, device time; the last 100,000) and the
 * commands it sent, so readings can be counted at the app's end.</p>
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
        SeenReadings seen = new SeenReadings();
        AtomicBoolean subscribed = new AtomicBoolean();
        HttpServer server;
        try {
            // Serve first, so the platform's health check passes while the broker is being reached.
            server = serve(port, watch, seen, env, () -> plinth[0] != null && plinth[0].isConnected(), subscribed::get);
        } catch (IOException e) {
            System.err.println("speed-alert: cannot listen on port " + port + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        try {
            plinth[0] = Plinth.connect();
            run(plinth[0], watch, seen);
            subscribed.set(true);
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
     * @param seen   where received readings and sent commands are noted
     */
    static void run(Plinth plinth, SpeedWatch watch, SeenReadings seen) {
        Controllers buzzer = plinth.controllers("buzzer");
        buzzer.onRejected(r -> System.out.println("the platform refused a buzzer command: " + r.reason()));
        plinth.sensors("speed").subscribe(reading -> onReading(reading, watch, seen, buzzer));
    }

    private static void onReading(Reading reading, SpeedWatch watch, SeenReadings seen, Controllers buzzer) {
        seen.reading(reading.readingId(), reading.sensorId(), reading.deviceTime());
        Object speed = reading.values().get("speedKmh");
        if (!(speed instanceof Number kmh)) {
            System.out.println("ignoring a reading of " + reading.sensorId() + " without speedKmh: " + reading.values());
            return;
        }
        watch.observe(reading.sensorId(), kmh.doubleValue()).ifPresent(alert -> {
            Instant now = Instant.now();
            System.out.println(now + " " + alert.logLine());
            SeenReadings.Command command = seen.commandSending(alert.sensorId(), alert.speedKmh(), now);
            buzzer.send(alert.command()).whenComplete((ok, e) -> {
                seen.commandDone(command, e == null ? null : String.valueOf(e.getMessage()));
                if (e != null) {
                    System.out.println("could not send the beep for " + alert.sensorId() + ": " + e.getMessage());
                }
            });
        });
    }

    /**
     * Serves {@code /health}, {@code /} and {@code /seen}.
     *
     * @param port       the port, 0 for any free one
     * @param watch      whose counters {@code /} shows
     * @param seen       what {@code /seen} lists
     * @param env        where the app's name and instance come from
     * @param connected  whether the broker connection is up now
     * @param subscribed whether the subscription to the speed sensors is in place
     * @return the running server
     * @throws IOException when the port cannot be bound
     */
    static HttpServer serve(int port, SpeedWatch watch, SeenReadings seen, Map<String, String> env, BooleanSupplier connected,
                            BooleanSupplier subscribed) throws IOException {
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
                    status.put("readingsReceived", seen.readingsReceived());
                    status.put("uniqueReadingIds", seen.uniqueReadingIds());
                    status.put("alertsRaised", watch.alertsRaised());
                    status.put("commandsSent", seen.commandsSent());
                    status.put("mqttConnected", connected.getAsBoolean());
                    status.put("subscribed", subscribed.getAsBoolean());
                    respond(exchange, 200, "application/json", JSON.writeValueAsString(status) + "\n");
                } else if (path.equals("/seen")) {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("app", env.get("PLINTH_APP"));
                    body.put("instance", env.get("PLINTH_INSTANCE_ID"));
                    body.putAll(seen.snapshot());
                    respond(exchange, 200, "application/json", JSON.writeValueAsString(body) + "\n");
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
