package dev.plinth.appcontroller.api;

import dev.plinth.appcontroller.testing.ApiTestBase;
import dev.plinth.appcontroller.testing.ExamplePackages;
import dev.plinth.contracts.descriptor.AppDescriptor;
import dev.plinth.contracts.descriptor.DescriptorParser;
import dev.plinth.testkit.wait.Waits;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The developer contract bundle, served to anyone, and the example app in it, which really runs. */
@MicronautTest(environments = {"plinth", "app-controller"}, transactional = false)
class ContractApiTest extends ApiTestBase {

    @Test
    void anyoneDownloadsTheBundle() throws Exception {
        Reply reply = get("/api/contract", null).expect(200);

        assertEquals("application/zip", reply.headers().get("Content-Type"));
        assertEquals("attachment; filename=\"plinth-contract.zip\"", reply.headers().get("Content-Disposition"));
        Map<String, byte[]> files = unzip(reply.bytes());
        assertEquals(List.of("GUIDE.md", "plinth-descriptor.schema.json", "examples/hello-http-1.0.0.zip",
                "examples/hello-http/README.md",
                "examples/hello-http/src/main/java/dev/plinth/examples/hello/HelloHttp.java",
                "examples/hello-http/src/main/plinth/plinth.yaml",
                "examples/hello-container-1.0.0.zip",
                "examples/hello-container/README.md",
                "examples/hello-container/package/Dockerfile",
                "examples/hello-container/package/plinth.yaml",
                "examples/hello-container/package/www/health",
                "examples/hello-container/package/www/index.html"), List.copyOf(files.keySet()));
        try (InputStream schema = AppDescriptor.class.getResourceAsStream(AppDescriptor.SCHEMA_RESOURCE)) {
            assertArrayEquals(schema.readAllBytes(), files.get("plinth-descriptor.schema.json"));
        }
        assertArrayEquals(ExamplePackages.helloHttp(), files.get("examples/hello-http-1.0.0.zip"));
        assertEquals(ExamplePackages.descriptorOf(ExamplePackages.helloHttp()),
                new String(files.get("examples/hello-http/src/main/plinth/plinth.yaml"), StandardCharsets.UTF_8));
        assertArrayEquals(ExamplePackages.helloContainer(), files.get("examples/hello-container-1.0.0.zip"));
        // The container example's sources are its package's files.
        Map<String, byte[]> container = unzip(ExamplePackages.helloContainer());
        for (String file : List.of("plinth.yaml", "Dockerfile", "www/health", "www/index.html")) {
            assertArrayEquals(container.get(file), files.get("examples/hello-container/package/" + file), file);
        }
    }

    @Test
    void theGuideCoversTheContract() {
        String guide = get("/api/contract/guide.md", null).expect(200).text();

        for (String needed : List.of("PORT", "PLINTH_APP", "PLINTH_VERSION", "PLINTH_INSTANCE_ID", "PLINTH_NODE",
                "PLINTH_DEPLOYMENT", "PLINTH_GATEWAY_URL", "X-Forwarded-Prefix: /apps/hello-http", "127.0.0.1",
                "0.0.0.0", "health.path", "-F package=@", "\"schedule\"", "\"cron\"", "durationSeconds", "until",
                "\"problems\"", "read-only", "/tmp", "200 MiB", "plinth-descriptor.schema.json", "Dockerfile",
                "\"runtimes\"", "hello-container-1.0.0.zip", "NAME[:TAG][@sha256:", "no ready node runs docker")) {
            assertTrue(guide.contains(needed), "the guide should mention " + needed);
        }
        // Every field of the schema is documented.
        for (String field : List.of("name", "version", "description", "run.command", "run.image", "port", "health.path",
                "health.intervalSeconds", "health.timeoutSeconds", "health.failureThreshold", "health.startupSeconds",
                "instances", "resources.cpu", "resources.memoryMb", "placement.labels", "sensors[]", "controllers[]", "env")) {
            assertTrue(guide.contains("| `" + field + "` |"), "the guide's field table should have " + field);
        }
    }

    @Test
    void servesTheFilesOneByOne() {
        Reply schema = get("/api/contract/schema.json", null).expect(200);
        assertEquals("application/schema+json", schema.headers().get("Content-Type"));
        assertEquals("plinth.yaml", schema.json().path("title").asText());

        Reply guide = get("/api/contract/guide.md", null).expect(200);
        assertTrue(guide.headers().get("Content-Type").startsWith("text/markdown"));

        Reply example = get("/api/contract/example.zip", null).expect(200);
        assertArrayEquals(ExamplePackages.helloHttp(), example.bytes());
        assertEquals("attachment; filename=\"hello-http-1.0.0.zip\"", example.headers().get("Content-Disposition"));

        Reply container = get("/api/contract/container-example.zip", null).expect(200);
        assertArrayEquals(ExamplePackages.helloContainer(), container.bytes());
        assertEquals("attachment; filename=\"hello-container-1.0.0.zip\"", container.headers().get("Content-Disposition"));

        assertEquals("contract file 'secrets.txt' (the files are schema.json, guide.md, example.zip, container-example.zip) "
                + "was not found", get("/api/contract/secrets.txt", null).expect(404).json().path("message").asText());
    }

    @Test
    void theExamplePackageIsValidAndUploads() {
        AppDescriptor descriptor = new DescriptorParser().parse(ExamplePackages.descriptorOf(ExamplePackages.helloHttp()));
        assertEquals("hello-http", descriptor.name());
        assertEquals("1.0.0", descriptor.version());
        assertEquals(List.of("java", "-Xmx48m", "-jar", "hello-http.jar"), descriptor.run().command());
        assertEquals(0.25, descriptor.resources().cpu());
        assertEquals(128, descriptor.resources().memoryMb());

        upload(ada, get("/api/contract/example.zip", null).bytes()).expect(201);
    }

    /** Every example package of the bundle is valid, uploads, and runs where the guide says it does. */
    @Test
    void everyExamplePackageOfTheBundleUploadsAndSaysWhereItRuns() throws Exception {
        Map<String, byte[]> files = unzip(get("/api/contract", null).expect(200).bytes());
        Map<String, List<String>> runtimes = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            if (file.getKey().matches("examples/[^/]+\\.zip")) {
                AppDescriptor descriptor = new DescriptorParser().parse(ExamplePackages.descriptorOf(file.getValue()));
                List<?> answer = JSON.convertValue(upload(ada, file.getValue()).expect(201).json().path("runtimes"), List.class);
                runtimes.put(descriptor.name(), answer.stream().map(String::valueOf).toList());
            }
        }
        assertEquals(Map.of("hello-http", List.of("process"), "hello-container", List.of("docker")), runtimes);
    }

    @Test
    void theExampleAppRunsAsTheGuideSays(@TempDir Path dir) throws Exception {
        for (Map.Entry<String, byte[]> file : unzip(ExamplePackages.helloHttp()).entrySet()) {
            Files.write(dir.resolve(file.getKey()), file.getValue());
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path log = dir.resolve("stdout.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx48m", "-jar", "hello-http.jar")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("PORT", String.valueOf(port), "PLINTH_APP", "hello-http",
                "PLINTH_VERSION", "1.0.0", "PLINTH_INSTANCE_ID", "hello-http-test1", "PLINTH_NODE", "node-7"));
        Process app = builder.start();
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<String> health = waitForHealth(client, port, app);
            assertEquals(200, health.statusCode());

            HttpResponse<String> hello = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .header("X-Forwarded-Prefix", "/apps/hello-http").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, hello.statusCode());
            assertEquals("application/json", hello.headers().firstValue("Content-Type").orElse(""));
            assertEquals(Map.of("app", "hello-http", "version", "1.0.0", "instance", "hello-http-test1", "node", "node-7"),
                    JSON.readValue(hello.body(), Map.class));
            assertEquals(404, client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/nothing")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        } finally {
            app.destroy();
            app.waitFor();
        }
        String output = Files.readString(log);
        assertTrue(output.contains("hello-http listening on port " + port), output);
        assertTrue(output.contains("GET /apps/hello-http/ 200"), output);
        assertTrue(output.contains("GET /nothing 404"), output);
    }

    private static HttpResponse<String> waitForHealth(HttpClient client, int port, Process app) {
        AtomicReference<IOException> last = new AtomicReference<>();
        return Waits.until("the example app to answer /health", Duration.ofSeconds(20), () -> {
            if (!app.isAlive()) {
                throw new AssertionError("the example app ended before it answered /health", last.get());
            }
            try {
                return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                last.set(e);
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }, () -> "alive: " + app.isAlive() + ", last error: " + last.get());
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                files.put(e.getName(), in.readAllBytes());
            }
        }
        return files;
    }
}
