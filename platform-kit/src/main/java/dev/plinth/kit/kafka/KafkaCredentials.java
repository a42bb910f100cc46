package dev.plinth.kit.kafka;

import io.micronaut.core.value.PropertyResolver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a Plinth process signs in to Kafka: the security protocol, and for SASL the mechanism, the
 * user and the password. Every Kafka client of the platform (micronaut-kafka's and the raw ones)
 * takes its {@link #clientProperties()}, so one setting covers them all.
 *
 * @param securityProtocol {@code PLAINTEXT}, {@code SSL}, {@code SASL_PLAINTEXT} or {@code SASL_SSL}
 * @param saslMechanism    {@code SCRAM-SHA-256}, {@code SCRAM-SHA-512} or {@code PLAIN}; null without SASL
 * @param username         the Kafka user; null without SASL
 * @param password         its password; null without SASL
 */
public record KafkaCredentials(String securityProtocol, String saslMechanism, String username, String password) {

    // Before NONE: the constructor checks against them while NONE is built.
    private static final List<String> PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    private static final List<String> MECHANISMS = List.of("SCRAM-SHA-256", "SCRAM-SHA-512", "PLAIN");

    /** No authentication: a broker without it (module tests, an external cluster that has none). */
    public static final KafkaCredentials NONE = new KafkaCredentials("PLAINTEXT", null, null, null);

    /** The variables a process reads them from. */
    public static final String USERNAME_VARIABLE = "PLINTH_KAFKA_USERNAME";
    public static final String PASSWORD_VARIABLE = "PLINTH_KAFKA_PASSWORD";
    public static final String PROTOCOL_VARIABLE = "PLINTH_KAFKA_SECURITY_PROTOCOL";
    public static final String MECHANISM_VARIABLE = "PLINTH_KAFKA_SASL_MECHANISM";

    /** The client settings a Micronaut context carries them in, under {@code kafka.}. */
    public static final List<String> CLIENT_KEYS = List.of("security.protocol", "sasl.mechanism", "sasl.jaas.config");

    public KafkaCredentials {
        if (!PROTOCOLS.contains(securityProtocol)) {
            throw new IllegalArgumentException("the Kafka security protocol must be one of " + PROTOCOLS + ", not '" + securityProtocol + "'");
        }
        if (securityProtocol.startsWith("SASL_")) {
            if (!MECHANISMS.contains(saslMechanism)) {
                throw new IllegalArgumentException("the Kafka SASL mechanism must be one of " + MECHANISMS + ", not '" + saslMechanism + "'");
            }
            if (username == null || username.isBlank() || password == null || password.isEmpty()) {
                throw new IllegalArgumentException("SASL needs a Kafka user name and password");
            }
            // Micronaut would read "${" in a property value as a placeholder and change the password.
            if (username.contains("${") || password.contains("${")) {
                throw new IllegalArgumentException("the Kafka user name and password must not contain '${'");
            }
        } else if (saslMechanism != null || username != null || password != null) {
            throw new IllegalArgumentException("a Kafka user name, password or SASL mechanism needs a SASL security protocol,"
                    + " not " + securityProtocol);
        }
    }

    /**
     * @param username the Kafka user
     * @param password its password
     * @return SCRAM-SHA-256 over {@code SASL_PLAINTEXT}, as the embedded broker wants
     */
    public static KafkaCredentials scram(String username, String password) {
        return new KafkaCredentials("SASL_PLAINTEXT", "SCRAM-SHA-256", username, password);
    }

    /**
     * Reads {@code PLINTH_KAFKA_USERNAME} and {@code PLINTH_KAFKA_PASSWORD} (SASL, by default
     * SCRAM-SHA-256 over SASL_PLAINTEXT), {@code PLINTH_KAFKA_SECURITY_PROTOCOL} and
     * {@code PLINTH_KAFKA_SASL_MECHANISM}. None set: {@link #NONE}.
     *
     * @param env the environment
     * @return the credentials
     * @throws IllegalArgumentException naming the variable to fix
     */
    public static KafkaCredentials fromEnvironment(Map<String, String> env) {
        Optional<String> username = value(env, USERNAME_VARIABLE);
        Optional<String> password = Optional.ofNullable(env.get(PASSWORD_VARIABLE)).filter(p -> !p.isEmpty());
        Optional<String> mechanism = value(env, MECHANISM_VARIABLE).map(m -> m.toUpperCase(Locale.ROOT));
        String protocol = value(env, PROTOCOL_VARIABLE).map(p -> p.toUpperCase(Locale.ROOT))
                .orElse(username.isPresent() ? "SASL_PLAINTEXT" : "PLAINTEXT");
        if (!PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException(PROTOCOL_VARIABLE + " must be one of " + PROTOCOLS + ", not '" + protocol + "'");
        }
        if (!protocol.startsWith("SASL_")) {
            for (String variable : List.of(USERNAME_VARIABLE, PASSWORD_VARIABLE, MECHANISM_VARIABLE)) {
                if (env.get(variable) != null && !env.get(variable).isBlank()) {
                    throw new IllegalArgumentException(variable + " is set but " + PROTOCOL_VARIABLE + " is " + protocol
                            + ": use SASL_PLAINTEXT or SASL_SSL, or unset " + variable);
                }
            }
            return new KafkaCredentials(protocol, null, null, null);
        }
        if (username.isEmpty()) {
            throw new IllegalArgumentException(PROTOCOL_VARIABLE + " is " + protocol + ", so " + USERNAME_VARIABLE + " must be set");
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException(USERNAME_VARIABLE + " is set, so " + PASSWORD_VARIABLE + " must be too");
        }
        String chosen = mechanism.orElse("SCRAM-SHA-256");
        if (!MECHANISMS.contains(chosen)) {
            throw new IllegalArgumentException(MECHANISM_VARIABLE + " must be one of " + MECHANISMS + ", not '" + chosen + "'");
        }
        if (username.get().contains("${") || password.get().contains("${")) {
            throw new IllegalArgumentException(USERNAME_VARIABLE + " and " + PASSWORD_VARIABLE + " must not contain '${'");
        }
        return new KafkaCredentials(protocol, chosen, username.get(), password.get());
    }

    /** @return whether these credentials sign in (SASL) */
    public boolean authenticates() {
        return username != null;
    }

    /** @return the Kafka client settings: {@code security.protocol} and, with SASL, the mechanism and JAAS line */
    public Map<String, Object> clientProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("security.protocol", securityProtocol);
        if (authenticates()) {
            properties.put("sasl.mechanism", saslMechanism);
            properties.put("sasl.jaas.config", jaasConfig(saslMechanism, username, password));
        }
        return properties;
    }

    /**
     * The settings of a Micronaut context, as the bootstrapper puts them under {@code kafka.}: for a
     * raw client of that context, so it signs in as the context's micronaut-kafka clients do.
     *
     * @param properties the context's properties
     * @return the client settings found (none: a plain connection)
     */
    public static Map<String, Object> clientProperties(PropertyResolver properties) {
        Map<String, Object> found = new LinkedHashMap<>();
        for (String key : CLIENT_KEYS) {
            properties.get("kafka." + key, String.class).ifPresent(v -> found.put(key, v));
        }
        return found;
    }

    /** @return the JAAS line of a client signing in with this mechanism */
    static String jaasConfig(String mechanism, String username, String password) {
        String module = mechanism.equals("PLAIN")
                ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        return module + " required username=\"" + quoted(username) + "\" password=\"" + quoted(password) + "\";";
    }

    /** Escapes a value for a double-quoted JAAS option (Kafka's JAAS parser honours backslash escapes). */
    static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    /** Keeps the password out of logs and exception messages. */
    @Override
    public String toString() {
        return "KafkaCredentials[" + securityProtocol + (authenticates() ? ", " + saslMechanism + ", user " + username : "") + "]";
    }
}
