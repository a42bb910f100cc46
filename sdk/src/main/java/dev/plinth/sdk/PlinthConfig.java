package dev.plinth.sdk;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * Where and as whom an app connects: the broker, the platform's HTTP entry and the app's
 * credential. Inside Plinth these come from the instance's environment
 * ({@link #fromEnvironment()}); tests and tools build one themselves.
 *
 * @param mqttUrl  the broker, as {@code tcp://127.0.0.1:1883} ({@code ssl://} for TLS)
 * @param username the MQTT username, also the client id of the app's persistent session:
 *                 {@code app:{app}:{instanceId}} inside Plinth
 * @param password the MQTT password (the instance's credential)
 * @param apiUrl   the platform's HTTP entry, as {@code http://127.0.0.1:8080}; may be null for an
 *                 app that never calls {@link Plinth#latest} or {@link Plinth#history}
 * @param token    the bearer token for the HTTP endpoints; null means the MQTT password (inside
 *                 Plinth they are the same credential)
 * @param app      the app's name: it is part of every topic and endpoint
 */
public record PlinthConfig(URI mqttUrl, String username, String password, URI apiUrl, String token, String app) {

    private static final String HINT = ": run inside Plinth or use Plinth.connect(config)";

    /**
     * Checks the settings that every connection needs.
     */
    public PlinthConfig {
        Objects.requireNonNull(mqttUrl, "mqttUrl");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(app, "app");
        String scheme = mqttUrl.getScheme();
        if (scheme == null || !(scheme.equals("tcp") || scheme.equals("mqtt") || scheme.equals("ssl") || scheme.equals("mqtts"))
                || mqttUrl.getHost() == null) {
            throw new PlinthException("the MQTT URL " + mqttUrl + " is not of the form tcp://host:port (or ssl://host:port)");
        }
        if (app.isBlank()) {
            throw new PlinthException("the app's name is empty");
        }
    }

    /**
     * Reads the settings from this process's environment.
     *
     * @return the settings
     * @throws PlinthException when a required variable is missing, naming it
     */
    public static PlinthConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Reads the settings from environment variables:
     * {@code PLINTH_MQTT_URL}, {@code PLINTH_MQTT_USERNAME}, {@code PLINTH_MQTT_PASSWORD} (required),
     * {@code PLINTH_API_URL} (else {@code PLINTH_GATEWAY_URL}), {@code PLINTH_TOKEN} (else the MQTT
     * password) and {@code PLINTH_APP} (else the app part of a username {@code app:{app}:{instance}}).
     *
     * @param env the variables
     * @return the settings
     * @throws PlinthException when a required variable is missing, naming it
     */
    public static PlinthConfig fromEnvironment(Map<String, String> env) {
        String mqtt = required(env, "PLINTH_MQTT_URL");
        String username = required(env, "PLINTH_MQTT_USERNAME");
        String password = required(env, "PLINTH_MQTT_PASSWORD");
        String api = optional(env, "PLINTH_API_URL");
        if (api == null) {
            api = optional(env, "PLINTH_GATEWAY_URL");
        }
        String app = optional(env, "PLINTH_APP");
        if (app == null) {
            app = appOf(username);
            if (app == null) {
                throw new PlinthException("PLINTH_APP is not set" + HINT);
            }
        }
        URI mqttUrl;
        URI apiUrl;
        try {
            mqttUrl = URI.create(mqtt);
            apiUrl = api == null ? null : URI.create(api);
        } catch (IllegalArgumentException e) {
            throw new PlinthException("PLINTH_MQTT_URL or PLINTH_API_URL is not a URL: " + e.getMessage(), e);
        }
        return new PlinthConfig(mqttUrl, username, password, apiUrl, optional(env, "PLINTH_TOKEN"), app);
    }

    /** @return the bearer token for HTTP: {@link #token()}, else the MQTT password */
    public String bearerToken() {
        return token != null ? token : password;
    }

    /** The app of a username {@code app:{app}:{instance}}, or null. */
    static String appOf(String username) {
        String[] parts = username.split(":", -1);
        return parts.length == 3 && parts[0].equals("app") && !parts[1].isEmpty() ? parts[1] : null;
    }

    private static String required(Map<String, String> env, String name) {
        String value = optional(env, name);
        if (value == null) {
            throw new PlinthException(name + " is not set" + HINT);
        }
        return value;
    }

    private static String optional(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Keeps the password and token out of logs and exception messages. */
    @Override
    public String toString() {
        return "PlinthConfig[mqttUrl=" + mqttUrl + ", username=" + username + ", apiUrl=" + apiUrl + ", app=" + app + "]";
    }
}
