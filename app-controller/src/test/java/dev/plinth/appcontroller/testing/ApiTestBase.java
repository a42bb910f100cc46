package dev.plinth.appcontroller.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import dev.plinth.testkit.mongo.InProcessMongo;
import dev.plinth.testkit.tokens.TestTokens;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the API tests share: a subsystem context configured as the bootstrapper configures
 * app-controller (environments {@code plinth} and {@code app-controller}), an in-memory MongoDB, an
 * artifact directory, tokens, and a client that answers every status as a {@link Reply}.
 * Subclasses carry {@code @MicronautTest(environments = {"plinth", "app-controller"})}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ApiTestBase implements TestPropertyProvider {

    protected static final String DATABASE = "plinth";
    protected static final String GATEWAY = "http://gateway.test:8080";
    protected static final ObjectMapper JSON = new ObjectMapper();

    protected final InProcessMongo mongo = InProcessMongo.start();
    protected final Path artifactDir = tempDirectory("artifacts");
    protected final Path uploadDir = tempDirectory("uploads");

    @Inject
    @Client("/")
    protected HttpClient http;

    @Inject
    protected RecordingAppEvents appEvents;

    @Inject
    protected RecordingDeploymentEvents deploymentEvents;

    protected final String ada = TestTokens.signed().user("ada", "DEVELOPER");
    protected final String bob = TestTokens.signed().user("bob", "DEVELOPER");
    protected final String root = TestTokens.signed().user("root", "ADMIN");
    protected final String agent = TestTokens.signed().user("service:node-manager", "SERVICE");

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>();
        p.put("plinth.subsystems.app-controller.enabled", "true");
        p.put("plinth.kafka.bootstrap-servers", "127.0.0.1:9");
        p.put("plinth.security.jwt-secret", TestTokens.SECRET);
        p.put("plinth.mongodb.uri", mongo.uri() + "/" + DATABASE);
        p.put("plinth.mongodb.database", DATABASE);
        p.put("plinth.artifacts.directory", artifactDir.toString());
        p.put("plinth.uploads.temp-directory", uploadDir.toString());
        p.put("plinth.gateway.url", GATEWAY);
        p.put("plinth.scheduler.enabled", "false");
        p.put("micronaut.server.port", "-1");
        p.putAll(extraProperties());
        return p;
    }

    /** @return more settings for one test class */
    protected Map<String, String> extraProperties() {
        return Map.of();
    }

    @BeforeEach
    void startClean() throws IOException {
        MongoDatabase db = db();
        for (String name : db.listCollectionNames()) {
            db.getCollection(name).deleteMany(new Document());
        }
        for (Path file : artifactFiles()) {
            Files.delete(file);
        }
        appEvents.clear();
        deploymentEvents.clear();
    }

    @AfterAll
    void stopMongo() throws IOException {
        mongo.close();
        deleteTree(artifactDir);
        deleteTree(uploadDir);
    }

    protected MongoDatabase db() {
        return mongo.database(DATABASE);
    }

    /** @return the documents of a collection */
    protected List<Document> docs(String collection) {
        return db().getCollection(collection).find().into(new ArrayList<>());
    }

    /** @return every stored artifact file (not the store's own tmp folder) */
    protected List<Path> artifactFiles() throws IOException {
        try (Stream<Path> files = Files.walk(artifactDir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** @return every file left in the upload temp folder */
    protected List<Path> uploadLeftovers() throws IOException {
        try (Stream<Path> files = Files.walk(uploadDir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    /**
     * An answer, whatever its status.
     *
     * @param status  the status code
     * @param bytes   the body
     * @param headers the headers
     */
    public record Reply(int status, byte[] bytes, HttpHeaders headers) {

        /** @return the body as text */
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        /** @return the body as JSON */
        public JsonNode json() {
            try {
                return JSON.readTree(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + text(), e);
            }
        }

        /** @return the problems of an error answer, as "path: message" */
        public List<String> problems() {
            List<String> out = new ArrayList<>();
            json().path("problems").forEach(p -> out.add(p.path("path").asText() + ": " + p.path("message").asText()));
            return out;
        }

        /** @return this reply after checking its status */
        public Reply expect(int expected) {
            assertEquals(expected, status, () -> "status of a reply with body " + text());
            return this;
        }
    }

    /** Sends a request and returns the answer, error statuses included. */
    protected Reply call(MutableHttpRequest<?> request) {
        try {
            HttpResponse<byte[]> response = http.toBlocking().exchange(request, Argument.of(byte[].class));
            return new Reply(response.code(), response.getBody().orElse(new byte[0]), response.getHeaders());
        } catch (HttpClientResponseException e) {
            HttpResponse<?> response = e.getResponse();
            byte[] body = response.getBody(byte[].class).orElse(new byte[0]);
            return new Reply(response.code(), body, response.getHeaders());
        }
    }

    protected Reply get(String path, String token) {
        MutableHttpRequest<?> request = HttpRequest.GET(path);
        return call(token == null ? request : request.bearerAuth(token));
    }

    protected Reply delete(String path, String token) {
        return call(HttpRequest.DELETE(path).bearerAuth(token));
    }

    protected Reply postJson(String path, String token, String json) {
        return call(HttpRequest.POST(path, json).contentType(MediaType.APPLICATION_JSON_TYPE).bearerAuth(token));
    }

    /** Uploads bytes as the multipart field {@code package}. */
    protected Reply upload(String token, byte[] zip) {
        return uploadAs(token, "package", zip);
    }

    /** Uploads bytes as a multipart field of any name. */
    protected Reply uploadAs(String token, String field, byte[] zip) {
        MultipartBody body = MultipartBody.builder()
                .addPart(field, "app.zip", MediaType.of("application/zip"), zip)
                .build();
        MutableHttpRequest<?> request = HttpRequest.POST("/api/apps", body).contentType(MediaType.MULTIPART_FORM_DATA_TYPE);
        return call(token == null ? request : request.bearerAuth(token));
    }

    private static Path tempDirectory(String prefix) {
        try {
            return Files.createTempDirectory("appctl-" + prefix + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
