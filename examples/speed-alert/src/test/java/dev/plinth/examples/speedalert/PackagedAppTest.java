package dev.plinth.examples.speedalert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.plinth.contracts.descriptor.AppDescriptor;
import dev.plinth.contracts.descriptor.DescriptorParser;
import dev.plinth.contracts.state.MqttTopics;
import dev.plinth.kit.net.FreePorts;
import dev.plinth.testkit.mqtt.InProcessMqttBroker;
import dev.plinth.testkit.wait.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The package as a developer uploads it: its content, its descriptor (checked by the platform's
 * own parser), and the app run from the unpacked zip as the process runtime runs it, against a
 * real broker.
 */
class PackagedAppTest {

    private static final Path PACKAGE = Path.of("target", "speed-alert-1.0.0.zip");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void thePackageHoldsTheDescriptorTheJarAndItsLibraries() throws IOException {
        assertTrue(Files.isRegularFile(PACKAGE), PACKAGE + " is built before the tests run");
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(PACKAGE.toFile())) {
            zip.stream().map(ZipEntry::getName).forEach(names::add);
            AppDescriptor descriptor = new DescriptorParser().parse(
                    new String(zip.getInputStream(zip.getEntry("plinth.yaml")).readAllBytes(), StandardCharsets.UTF_8));
            assertEquals("speed-alert", descriptor.name());
            assertEquals("1.0.0", descriptor.version());
            assertTrue(descriptor.run().command().contains("speed-alert.jar"), descriptor.run().command().toString());
            assertEquals("/health", descriptor.health().path());
            assertEquals(1, descriptor.sensors().size());
            assertEquals("speed", descriptor.sensors().get(0).name());
            assertEquals("vehicle-speed", descriptor.sensors().get(0).type());
            assertEquals(10, descriptor.sensors().get(0).count());
            assertEquals("shared", descriptor.sensors().get(0).delivery());
            assertEquals("buzzer", descriptor.controllers().get(0).name());
            assertEquals("buzzer", descriptor.controllers().get(0).type());
            assertEquals(1, descriptor.controllers().get(0).count());
            assertEquals(Map.of("THRESHOLD_KMH", "90"), descriptor.env());
        }
        assertTrue(names.contains("plinth.yaml"), names.toString());
        assertTrue(names.contains("speed-alert.jar"), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.matches("lib/sdk-.*\\.jar")), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.matches("lib/hivemq-mqtt-client-.*\\.jar")), names.toString());
        assertTrue(names.stream().noneMatch(n -> n.contains("junit") || n.contains("community-edition") || n.contains("contracts")),
                "no test libraries: " + names);
    }

    @Test
    void theJarIsSmallAndFindsItsLibrariesBesideIt(@TempDir Path dir) throws IOException {
        Path app = unpack(dir);
        Path jar = app.resolve("speed-alert.jar");
        assertTrue(Files.size(jar) < 64 * 1024, "speed-alert.jar is " + Files.size(jar) + " bytes");
        try (JarFile file = new JarFile(jar.toFile())) {
            String classPath = file.getManifest().getMainAttributes().getValue("Class-Path");
            assertEquals("dev.plinth.examples.speedalert.SpeedAlert", file.getManifest().getMainAttributes().getValue("Main-Class"));
            for (String entry : classPath.trim().split("\\s+")) {
                assertTrue(Files.isRegularFile(app.resolve(entry)), entry + " is named by the manifest but not in the package");
            }
        }
    }

    @Test
    void theUnpackedAppBeepsWhenACarPassesTheThreshold(@TempDir Path dir) throws Exception {
        Path app = unpack(dir.resolve("app"));
        int mqttPort = FreePorts.next();
        int httpPort = FreePorts.next();
        InProcessMqttBroker broker = InProcessMqttBroker.startIn(dir.resolve("broker"), mqttPort);
        Process process = null;
        Path log = dir.resolve("app.log");
        Mqtt5BlockingClient platform = null;
        try {
            platform = MqttClient.builder().useMqttVersion5().identifier("service:sensor-manager-test")
                    .serverHost("127.0.0.1").serverPort(mqttPort).buildBlocking();
            List<String> commands = new CopyOnWriteArrayList<>();
            platform.toAsync().publishes(MqttGlobalPublishFilter.ALL,
                    p -> commands.add(p.getTopic() + " " + new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)));
            platform.connect();
            platform.subscribeWith().topicFilter(MqttTopics.appCommandsFilter("speed-alert")).qos(MqttQos.AT_LEAST_ONCE).send();

            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx96m", "-jar", "speed-alert.jar")
                    .directory(app.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.put("PORT", String.valueOf(httpPort));
            env.put("THRESHOLD_KMH", "90");
            env.put("PLINTH_APP", "speed-alert");
            env.put("PLINTH_INSTANCE_ID", "speed-alert-test1");
            env.put("PLINTH_MQTT_URL", "tcp://127.0.0.1:" + mqttPort);
            env.put("PLINTH_MQTT_USERNAME", "app:speed-alert:speed-alert-test1");
            env.put("PLINTH_MQTT_PASSWORD", "instance-credential");
            env.put("PLINTH_API_URL", "http://127.0.0.1:1");
            process = builder.start();
            Process running = process;
            Waits.untilTrue("the app to start", Duration.ofSeconds(60), () -> read(log).contains("speed-alert listening") || !running.isAlive(),
                    () -> "the app did not start: " + read(log));
            assertTrue(process.isAlive(), "the app exited: " + read(log));
            assertEquals("ok\n", get(httpPort, "/health"));

            reading(platform, "r1", "car-1", 50);
            reading(platform, "r2", "car-3", 97.5);
            reading(platform, "r3", "car-3", 99);     // the same excursion: no second beep
            reading(platform, "r4", "car-2", 91);
            reading(platform, "r4", "car-2", 91);     // delivered twice (at least once): listed twice, counted once
            Waits.untilTrue("two beeps", Duration.ofSeconds(20), () -> commands.size() >= 2, () -> "commands: " + commands + "; log: " + read(log));
            Waits.untilTrue("five readings counted", Duration.ofSeconds(20), () -> get(httpPort, "/").contains("\"readingsSeen\":5"), () -> get(httpPort, "/"));
            Waits.untilTrue("two commands counted", Duration.ofSeconds(20), () -> get(httpPort, "/").contains("\"commandsSent\":2"), () -> get(httpPort, "/"));

            assertEquals(2, commands.size(), commands.toString());
            assertTrue(commands.get(0).startsWith(MqttTopics.appCommands("speed-alert", "buzzer") + " "), commands.get(0));
            assertEquals(JSON.readTree("{\"payload\":{\"action\":\"beep\",\"sensor\":\"car-3\",\"speedKmh\":97.5}}"),
                    JSON.readTree(commands.get(0).substring(commands.get(0).indexOf(' ') + 1)));
            assertEquals("car-2", JSON.readTree(commands.get(1).substring(commands.get(1).indexOf(' ') + 1))
                    .path("payload").path("sensor").asText());
            JsonNode status = JSON.readTree(get(httpPort, "/"));
            assertEquals(5, status.path("readingsSeen").asLong());
            assertEquals(5, status.path("readingsReceived").asLong());
            assertEquals(4, status.path("uniqueReadingIds").asLong());
            assertEquals(2, status.path("alertsRaised").asLong());
            assertEquals(2, status.path("commandsSent").asLong());
            assertEquals(90.0, status.path("thresholdKmh").asDouble());
            assertEquals("speed-alert-test1", status.path("instance").asText());
            assertTrue(status.path("mqttConnected").asBoolean());
            assertTrue(status.path("subscribed").asBoolean());

            JsonNode seen = JSON.readTree(get(httpPort, "/seen"));
            assertEquals("speed-alert-test1", seen.path("instance").asText());
            List<String> ids = new ArrayList<>();
            seen.path("readings").forEach(r -> ids.add(r.path("readingId").asText() + "@" + r.path("sensorId").asText()));
            assertEquals(List.of("r1@car-1", "r2@car-3", "r3@car-3", "r4@car-2", "r4@car-2"), ids);
            assertEquals("2026-11-22T11:59:00Z", seen.path("readings").get(0).path("deviceTime").asText());
            assertEquals(2, seen.path("commands").size(), seen.toString());
            assertEquals("car-3", seen.path("commands").get(0).path("sensor").asText());
            assertEquals(97.5, seen.path("commands").get(0).path("speedKmh").asDouble());
            assertEquals("sent", seen.path("commands").get(0).path("outcome").asText());
            assertEquals("car-2", seen.path("commands").get(1).path("sensor").asText());
            assertEquals(0, seen.path("commandsFailed").asLong());
            assertTrue(read(log).contains("ALERT car-3 at 97.5 km/h (threshold 90 km/h)"), read(log));

            process.destroy(); // SIGTERM, as the platform stops an instance
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the app did not stop on SIGTERM");
            assertTrue(read(log).contains("speed-alert stopping"), read(log));
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            if (platform != null) {
                platform.disconnect();
            }
            broker.close();
        }
    }

    private static void reading(Mqtt5BlockingClient platform, String id, String sensor, double speed) {
        String json = "{\"readingId\":\"" + id + "\",\"sensorId\":\"" + sensor + "\",\"type\":\"vehicle-speed\","
                + "\"values\":{\"speedKmh\":" + speed + "},\"deviceTime\":\"2026-11-22T11:59:00Z\",\"receivedAt\":\"2026-11-22T12:00:00Z\"}";
        platform.publishWith().topic(MqttTopics.appSensor("speed-alert", "speed")).qos(MqttQos.AT_LEAST_ONCE)
                .payload(json.getBytes(StandardCharsets.UTF_8)).send();
    }

    private static Path unpack(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (ZipFile zip = new ZipFile(PACKAGE.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                Path target = dir.resolve(entry.getName()).normalize();
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, target);
                }
            }
        }
        return dir;
    }

    private static String get(int port, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "(no answer: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

}
