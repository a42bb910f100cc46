package dev.plinth.kit.kafka;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaCredentialsTest {

    static Stream<Arguments> environments() {
        return Stream.of(
                // variables (name=value, …), then the protocol, mechanism and user they give
                Arguments.of("", "PLAINTEXT", null, null),
                Arguments.of("PLINTH_KAFKA_SECURITY_PROTOCOL=ssl", "SSL", null, null),
                Arguments.of("PLINTH_KAFKA_USERNAME=plinth,PLINTH_KAFKA_PASSWORD=pw", "SASL_PLAINTEXT", "SCRAM-SHA-256", "plinth"),
                Arguments.of("PLINTH_KAFKA_USERNAME=plinth,PLINTH_KAFKA_PASSWORD=pw,PLINTH_KAFKA_SASL_MECHANISM=scram-sha-512",
                        "SASL_PLAINTEXT", "SCRAM-SHA-512", "plinth"),
                Arguments.of("PLINTH_KAFKA_USERNAME=plinth,PLINTH_KAFKA_PASSWORD=pw,PLINTH_KAFKA_SECURITY_PROTOCOL=SASL_SSL,"
                        + "PLINTH_KAFKA_SASL_MECHANISM=PLAIN", "SASL_SSL", "PLAIN", "plinth"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("environments")
    void readsTheEnvironment(String variables, String protocol, String mechanism, String user) {
        KafkaCredentials credentials = KafkaCredentials.fromEnvironment(env(variables));
        assertEquals(protocol, credentials.securityProtocol());
        assertEquals(mechanism, credentials.saslMechanism());
        assertEquals(user, credentials.username());
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("PLINTH_KAFKA_USERNAME=plinth", "PLINTH_KAFKA_PASSWORD must be too"),
                Arguments.of("PLINTH_KAFKA_PASSWORD=pw", "PLINTH_KAFKA_PASSWORD is set but PLINTH_KAFKA_SECURITY_PROTOCOL is PLAINTEXT"),
                Arguments.of("PLINTH_KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT", "PLINTH_KAFKA_USERNAME must be set"),
                Arguments.of("PLINTH_KAFKA_SECURITY_PROTOCOL=TLS", "PLINTH_KAFKA_SECURITY_PROTOCOL must be one of"),
                Arguments.of("PLINTH_KAFKA_USERNAME=u,PLINTH_KAFKA_PASSWORD=p,PLINTH_KAFKA_SASL_MECHANISM=GSSAPI",
                        "PLINTH_KAFKA_SASL_MECHANISM must be one of"),
                Arguments.of("PLINTH_KAFKA_USERNAME=u,PLINTH_KAFKA_PASSWORD=p,PLINTH_KAFKA_SECURITY_PROTOCOL=PLAINTEXT",
                        "PLINTH_KAFKA_USERNAME is set but PLINTH_KAFKA_SECURITY_PROTOCOL is PLAINTEXT"),
                Arguments.of("PLINTH_KAFKA_USERNAME=u,PLINTH_KAFKA_PASSWORD=a${b}", "must not contain '${'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void saysWhichVariableToFix(String variables, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KafkaCredentials.fromEnvironment(env(variables)));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void jaasLineQuotesThePassword() {
        KafkaCredentials credentials = KafkaCredentials.scram("plinth", "pa\"ss\\word");
        Map<String, Object> properties = credentials.clientProperties();
        assertEquals("SASL_PLAINTEXT", properties.get("security.protocol"));
        assertEquals("SCRAM-SHA-256", properties.get("sasl.mechanism"));
        assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"plinth\" password=\"pa\\\"ss\\\\word\";",
                properties.get("sasl.jaas.config"));
        // And Kafka's own JAAS parser reads the password back unchanged.
        org.apache.kafka.common.security.JaasContext context = org.apache.kafka.common.security.JaasContext.loadClientContext(
                Map.of("sasl.jaas.config", new org.apache.kafka.common.config.types.Password((String) properties.get("sasl.jaas.config"))));
        assertEquals("pa\"ss\\word", context.configurationEntries().get(0).getOptions().get("password"));
    }

    @Test
    void plainConnectionsCarryNoSaslSettings() {
        assertEquals(Map.of("security.protocol", "PLAINTEXT"), KafkaCredentials.NONE.clientProperties());
        assertFalse(KafkaCredentials.NONE.authenticates());
    }

    @Test
    void thePasswordIsNeverPrinted() {
        assertFalse(KafkaCredentials.scram("plinth", "s3cret-value").toString().contains("s3cret-value"));
    }

    private static Map<String, String> env(String variables) {
        Map<String, String> env = new HashMap<>();
        if (!variables.isEmpty()) {
            for (String pair : variables.split(",")) {
                String[] kv = pair.split("=", 2);
                env.put(kv[0], kv[1]);
            }
        }
        return env;
    }
}
