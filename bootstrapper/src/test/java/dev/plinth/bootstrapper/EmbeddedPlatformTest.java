package dev.plinth.bootstrapper;

import dev.plinth.bootstrapper.infra.Infrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded platform starts, every piece of infrastructure works, its data survives a restart,
 * and nothing of it keeps running once it stopped.
 */
class EmbeddedPlatformTest {

    @TempDir
    Path data;

    @Test
    void roundTripsWorkAndDataSurvivesARestart() throws Exception {
        String id = UUID.randomUUID().toString();
        String adminDn;
        String adminPassword;
        try (Platform platform = Platform.start(TestPlatforms.settings(data))) {
            RoundTrips.kafka(platform.endpoints());
            RoundTrips.mongoInsert(platform.endpoints(), id, "kept");
            adminDn = platform.endpoints().ldapLayout().userDn(Infrastructure.ADMIN_USER);
            adminPassword = platform.secrets().adminPassword();
            RoundTrips.ldapBind(platform.endpoints(), adminDn, adminPassword);
            RoundTrips.mqtt(platform.endpoints(), platform.secrets().jwtSecret());
            // The embedded broker lets no one in without credentials.
            assertThrows(com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException.class, () -> RoundTrips.mqtt(platform.endpoints()));
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
        }
        try (Platform again = Platform.start(TestPlatforms.settings(data))) {
            assertEquals(java.util.Optional.of("kept"), RoundTrips.mongoFind(again.endpoints(), id));
            RoundTrips.ldapBind(again.endpoints(), adminDn, adminPassword);
            assertTrue(again.supervisor().hosts().stream().allMatch(h -> h.running()));
        }
        LeftBehind.assertNoKafkaClients();
    }
}
