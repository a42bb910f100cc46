package dev.plinth.sdk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PlinthConfigTest {

    private static Map<String, String> inside() {
        Map<String, String> env = new HashMap<>();
        env.put("PLINTH_MQTT_URL", "tcp://127.0.0.1:1883");
        env.put("PLINTH_MQTT_USERNAME", "app:speed-alert:speed-alert-3f9a2b1c");
        env.put("PLINTH_MQTT_PASSWORD", "credential");
        env.put("PLINTH_API_URL", "http://127.0.0.1:8080");
        env.put("PLINTH_TOKEN", "credential");
        env.put("PLINTH_APP", "speed-alert");
        return env;
    }

    @Test
    void readsWhatPlinthGivesAnInstance() {
        PlinthConfig config = PlinthConfig.fromEnvironment(inside());
        assertEquals(URI.create("tcp://127.0.0.1:1883"), config.mqttUrl());
        assertEquals("app:speed-alert:speed-alert-3f9a2b1c", config.username());
        assertEquals(URI.create("http://127.0.0.1:8080"), config.apiUrl());
        assertEquals("speed-alert", config.app());
        assertEquals("credential", config.bearerToken());
        assertFalse(config.toString().contains("credential"), "no secrets in " + config);
    }

    @ParameterizedTest
    @CsvSource({"PLINTH_MQTT_URL", "PLINTH_MQTT_USERNAME", "PLINTH_MQTT_PASSWORD"})
    void aMissingVariableIsNamedWithWhatToDo(String variable) {
        Map<String, String> env = inside();
        env.remove(variable);
        PlinthException e = assertThrows(PlinthException.class, () -> PlinthConfig.fromEnvironment(env));
        assertEquals(variable + " is not set: run inside Plinth or use Plinth.connect(config)", e.getMessage());
    }

    @Test
    void connectOutsidePlinthSaysSo() {
        // This test's own environment has no PLINTH_MQTT_URL (CI, a developer's shell).
        if (System.getenv("PLINTH_MQTT_URL") == null) {
            PlinthException e = assertThrows(PlinthException.class, Plinth::connect);
            assertEquals("PLINTH_MQTT_URL is not set: run inside Plinth or use Plinth.connect(config)", e.getMessage());
        }
    }

    @Test
    void theAppComesFromTheUsernameWhenPlinthAppIsMissing() {
        Map<String, String> env = inside();
        env.remove("PLINTH_APP");
        assertEquals("speed-alert", PlinthConfig.fromEnvironment(env).app());
        env.put("PLINTH_MQTT_USERNAME", "someone");
        PlinthException e = assertThrows(PlinthException.class, () -> PlinthConfig.fromEnvironment(env));
        assertEquals("PLINTH_APP is not set: run inside Plinth or use Plinth.connect(config)", e.getMessage());
    }

    @Test
    void theApiFallsBackToTheGatewayAndTheTokenToThePassword() {
        Map<String, String> env = inside();
        env.remove("PLINTH_API_URL");
        env.remove("PLINTH_TOKEN");
        env.put("PLINTH_GATEWAY_URL", "http://plinth.example.com:8080");
        PlinthConfig config = PlinthConfig.fromEnvironment(env);
        assertEquals(URI.create("http://plinth.example.com:8080"), config.apiUrl());
        assertNull(config.token());
        assertEquals("credential", config.bearerToken());
        env.remove("PLINTH_GATEWAY_URL");
        assertNull(PlinthConfig.fromEnvironment(env).apiUrl(), "an app that only streams needs no HTTP");
    }

    @Test
    void aBrokerUrlMustBeTcpOrSsl() {
        Map<String, String> env = inside();
        env.put("PLINTH_MQTT_URL", "http://127.0.0.1:1883");
        PlinthException e = assertThrows(PlinthException.class, () -> PlinthConfig.fromEnvironment(env));
        assertEquals("the MQTT URL http://127.0.0.1:1883 is not of the form tcp://host:port (or ssl://host:port)", e.getMessage());
    }
}
