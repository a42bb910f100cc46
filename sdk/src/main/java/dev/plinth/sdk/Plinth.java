package dev.plinth.sdk;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An app's connection to Plinth: the sensors and controllers bound to it.
 *
 * <pre>{@code
 * try (Plinth plinth = Plinth.connect()) {
 *     plinth.sensors("speed").subscribe(reading -> {
 *         if (reading.number("speedKmh") > 90) {
 *             plinth.controllers("buzzer").send(Map.of("action", "beep", "sensor", reading.sensorId()));
 *         }
 *     });
 *     ...
 * }
 * }</pre>
 *
 * <p>Readings stream over MQTT 5 in a persistent session (client id = the instance's MQTT
 * username, clean start off, kept by the broker for a day), so an instance that restarts receives
 * what it missed; the connection comes back on its own after an outage. {@link #latest} and
 * {@link #history} ask the platform's HTTP API. One {@code Plinth} per process is enough; it is
 * safe to use from several threads.</p>
 */
public final class Plinth implements AutoCloseable {

    /** How long connecting, subscribing and HTTP calls may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private final PlinthConfig config;
    private final MqttLink link;
    private final BindingsApi api;

    private Plinth(PlinthConfig config, MqttLink link) {
        this.config = config;
        this.link = link;
        this.api = new BindingsApi(config, TIMEOUT);
    }

    /**
     * Connects with the settings Plinth gives every instance in its environment
     * ({@code PLINTH_MQTT_URL}, {@code PLINTH_MQTT_USERNAME}, {@code PLINTH_MQTT_PASSWORD},
     * {@code PLINTH_API_URL}, {@code PLINTH_TOKEN}, {@code PLINTH_APP}), and waits until the broker
     * accepted the session.
     *
     * @return the connection
     * @throws PlinthException when a variable is missing (naming it), the broker refuses the
     *                         credential, or the broker cannot be reached within 30 s
     */
    public static Plinth connect() {
        return connect(PlinthConfig.fromEnvironment());
    }

    /**
     * Connects with explicit settings, and waits until the broker accepted the session.
     *
     * @param config where and as whom
     * @return the connection
     * @throws PlinthException when the broker refuses the credential or cannot be reached within 30 s
     */
    public static Plinth connect(PlinthConfig config) {
        Objects.requireNonNull(config, "config");
        return new Plinth(config, MqttLink.open(config, TIMEOUT));
    }

    /** @return the app's name */
    public String app() {
        return config.app();
    }

    /** @return whether the MQTT connection is up now (it comes back by itself after an outage) */
    public boolean isConnected() {
        return link.isConnected();
    }

    /**
     * @param name a sensor requirement of the app, as in {@code plinth.yaml}
     * @return its sensors, delivered {@link Delivery#SHARED shared} unless you ask otherwise
     */
    public Sensors sensors(String name) {
        return new Sensors(this, checkName(name), Delivery.SHARED);
    }

    /**
     * @param name a controller requirement of the app, as in {@code plinth.yaml}
     * @return its controllers
     */
    public Controllers controllers(String name) {
        return new Controllers(this, checkName(name));
    }

    /**
     * The latest reading of each sensor bound to a requirement
     * ({@code GET /api/bindings/{app}/{name}/latest}).
     *
     * @param name a sensor requirement of the app
     * @return sensor id → its latest reading; sensors that never sent one are absent
     * @throws PlinthApiException when the platform answers with an error (such as 404 for an
     *                            unknown requirement)
     * @throws PlinthException    when {@code PLINTH_API_URL} is not set or the platform cannot be reached
     */
    public Map<String, Reading> latest(String name) {
        return api.latest(checkName(name));
    }

    /**
     * The readings of the sensors bound to a requirement in a time range, oldest first
     * ({@code GET /api/bindings/{app}/{name}/history?from=&to=}); the platform keeps readings for a
     * limited time (7 days unless configured otherwise) and caps how many one answer holds.
     *
     * @param name a sensor requirement of the app
     * @param from the first instant, inclusive
     * @param to   the last instant, exclusive
     * @return the readings, oldest first
     */
    public List<Reading> history(String name, Instant from, Instant to) {
        return api.history(checkName(name), Objects.requireNonNull(from, "from"), Objects.requireNonNull(to, "to"), null);
    }

    /**
     * Like {@link #history(String, Instant, Instant)}, with at most {@code limit} readings.
     *
     * @param name  a sensor requirement of the app
     * @param from  the first instant, inclusive
     * @param to    the last instant, exclusive
     * @param limit the most readings to return (the platform may cap it lower)
     * @return the readings, oldest first
     */
    public List<Reading> history(String name, Instant from, Instant to, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
        return api.history(checkName(name), Objects.requireNonNull(from, "from"), Objects.requireNonNull(to, "to"), limit);
    }

    MqttLink link() {
        return link;
    }

    /**
     * Lets running callbacks finish (a few seconds at most) and disconnects. The broker keeps the
     * session and its subscriptions for a day: readings that arrive meanwhile are delivered when
     * the same instance connects again.
     */
    @Override
    public void close() {
        link.close();
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a requirement name: use the name from plinth.yaml"
                    + " (letters, digits, '-', '_', '.')");
        }
        return name;
    }

    @Override
    public String toString() {
        return "Plinth[" + config + "]";
    }
}
