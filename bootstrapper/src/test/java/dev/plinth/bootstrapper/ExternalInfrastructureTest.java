package dev.plinth.bootstrapper;

import dev.plinth.bootstrapper.infra.LdapLayout;
import dev.plinth.testkit.wait.Waits;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The same platform code and the same round trips, pointed by configuration alone at real servers:
 * Debian's slapd and mosquitto and a Kafka broker in its own JVM. (No MongoDB server can be had
 * here; the embedded one stands in.)
 */
@Tag("integration")
class ExternalInfrastructureTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsAgainstRealServers() throws Exception {
        try (ExternalServers servers = new ExternalServers(dir.resolve("servers"))) {
            String managerPassword = ExternalServers.password();
            String adminPassword = ExternalServers.password();
            String ldapUrl = servers.slapd(managerPassword);
            ExternalServers.seedDirectory(ldapUrl, managerPassword, LdapLayout.DEFAULT, "admin", adminPassword);
            String mqttUrl = servers.mosquitto();
            String kafka = servers.kafkaJvm();

            Map<String, String> env = TestPlatforms.environment(dir.resolve("data"));
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
            env.put("LDAP_URL", ldapUrl);
            env.put("LDAP_BIND_DN", ExternalServers.MANAGER_DN);
            env.put("LDAP_BIND_PASSWORD", managerPassword);
            env.put("MQTT_URL", mqttUrl);
            try (Platform platform = Platform.start(PlatformSettings.fromEnvironment(env))) {
                assertEquals("external", platform.endpoints().kinds().get("kafka"));
                assertEquals("external", platform.endpoints().kinds().get("ldap"));
                assertEquals("external", platform.endpoints().kinds().get("mqtt"));
                RoundTrips.kafka(platform.endpoints());
                String id = UUID.randomUUID().toString();
                RoundTrips.mongoInsert(platform.endpoints(), id, "stored");
                assertEquals(Optional.of("stored"), RoundTrips.mongoFind(platform.endpoints(), id));
                RoundTrips.ldapBind(platform.endpoints(), LdapLayout.DEFAULT.userDn("admin"), adminPassword);
                RoundTrips.mqtt(platform.endpoints());
                HttpResponse<String> health = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, health.statusCode(), health.body());
            }
        }
    }

    /**
     * An external Kafka that wants SCRAM, configured by the environment alone: the platform comes up
     * and works; a client without credentials, or with a wrong password, is refused.
     */
    @Test
    void aKafkaThatWantsScramIsUsedWithTheCredentialsOfTheEnvironment() throws Exception {
        try (ExternalServers servers = new ExternalServers(dir.resolve("servers"))) {
            String password = ExternalServers.password();
            String kafka = servers.kafkaJvmWithScram("plinth", password);
            Map<String, String> env = TestPlatforms.environment(dir.resolve("data"));
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
            env.put("PLINTH_KAFKA_USERNAME", "plinth");
            env.put("PLINTH_KAFKA_PASSWORD", password);
            try (Platform platform = Platform.start(PlatformSettings.fromEnvironment(env))) {
                assertEquals("external", platform.endpoints().kinds().get("kafka"));
                RoundTrips.kafka(platform.endpoints());
                HttpResponse<String> health = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, health.statusCode(), health.body());
                // The subsystems' own clients signed in: their heartbeats arrive.
                Http http = new Http(platform.gatewayUrl());
                String admin = http.login("admin", platform.secrets().adminPassword());
                String kafkaHealth = Waits.until("the subsystems' Kafka links to be up", java.time.Duration.ofSeconds(60), () -> {
                    String body = http.get("/health", admin).text();
                    return body.contains("\"kafka\"") && !body.contains("DOWN") ? body : null;
                }, () -> http.get("/health", admin).text());
                org.junit.jupiter.api.Assertions.assertNotNull(kafkaHealth);
            }
            for (dev.plinth.kit.kafka.KafkaCredentials wrong : List.of(dev.plinth.kit.kafka.KafkaCredentials.NONE,
                    dev.plinth.kit.kafka.KafkaCredentials.scram("plinth", password + "x"))) {
                Map<String, Object> config = new java.util.HashMap<>(wrong.clientProperties());
                config.put("bootstrap.servers", kafka);
                config.put("default.api.timeout.ms", 10000);
                config.put("request.timeout.ms", 5000);
                try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(config)) {
                    org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                            () -> admin.listTopics().names().get(30, java.util.concurrent.TimeUnit.SECONDS), wrong + " gets in");
                }
            }
        }
    }
}
