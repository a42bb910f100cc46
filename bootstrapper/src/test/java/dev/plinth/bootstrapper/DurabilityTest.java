package dev.plinth.bootstrapper;

import dev.plinth.bootstrapper.infra.Infrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An answer of 201 means the record is on disk: a platform killed with SIGKILL right after it
 * answered (no shutdown hook, nothing flushed) has the record when it starts again on the same data.
 */
class DurabilityTest {

    @TempDir
    Path data;

    @Test
    void whatWasAnswered201SurvivesKillDashNine() throws Exception {
        Map<String, String> environment = TestPlatforms.environment(data);
        String developer = AuthScenarios.uniqueName("durable");
        String password = "correct-horse-battery";
        String device = AuthScenarios.uniqueName("car");
        try (PlatformProcess platform = new PlatformProcess(environment, "1g").start()) {
            Http http = new Http(platform.url());
            String admin = http.login(Infrastructure.ADMIN_USER, platform.adminPassword());
            assertEquals(201, http.post("/api/sensor-types", Map.of("name", "vehicle-speed", "kind", "sensor",
                    "fields", Map.of("speedKmh", Map.of("type", "number"))), admin).status());
            // Three writes to three stores in quick succession, the last one right before the kill:
            // an app (artifact file and MongoDB), a user (LDAP), a device (MongoDB).
            Http.Answer uploaded = http.upload("/api/apps", "package", "hello-http-1.0.0.zip", ExamplePackages.v1(), admin);
            assertEquals(201, uploaded.status(), uploaded.toString());
            Http.Answer user = http.post("/api/auth/register", Map.of("username", developer, "password", password), null);
            assertEquals(201, user.status(), user.toString());
            Http.Answer registered = http.post("/api/sensors", Map.of("id", device, "type", "vehicle-speed"), admin);
            assertEquals(201, registered.status(), registered.toString());
            // At once: whatever is still only in memory dies here.
            platform.kill();

            platform.start();
            String again = http.login(Infrastructure.ADMIN_USER, platform.adminPassword());
            Http.Answer app = http.get("/api/apps/hello-http", again);
            assertEquals(200, app.status(), "the uploaded app survived: " + app);
            Http.Answer sensor = http.get("/api/sensors/" + device, again);
            assertEquals(200, sensor.status(), "the registered device survived: " + sensor);
            Http.Answer type = http.get("/api/sensor-types", again);
            assertEquals(true, type.text().contains("vehicle-speed"), "the sensor type survived: " + type);
            Http.Answer signIn = http.post("/api/auth/login", Map.of("username", developer, "password", password), null);
            assertEquals(200, signIn.status(), "the registered user survived: " + signIn);
            // Nothing is left to check, and nothing runs that needs a clean stop (no instance): a kill ends it at once.
            platform.kill();
        }
    }
}
