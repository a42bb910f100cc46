package dev.plinth.sensormanager.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import dev.plinth.contracts.state.AppDocument;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.DeploymentDocument;
import dev.plinth.contracts.state.DescriptorDocument;
import dev.plinth.contracts.state.VersionDocument;
import dev.plinth.testkit.wait.Waits;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the sensor-manager context tests share: a context configured as the bootstrapper configures
 * sensor-manager, against the shared real servers ({@link TestServers}), with its own database; an
 * HTTP client that answers every status as a {@link Reply}; tokens; MQTT clients; and writers of the
 * app-controller records (apps, versions, deployments) that bindings read. Subclasses carry
 * {@code @MicronautTest(environments = {"plinth", "sensor-manager"}, transactional = false)}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SensorTestBase implements TestPropertyProvider {

    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final Duration WAIT = Duration.ofSeconds(30);

    /** Makes names unique per class, so records of other classes and runs never mix with these. */
    protected final String s = HexFormat.of().formatHex(randomBytes());
    protected final String database = getClass().getSimpleName().toLowerCase() + "-" + s;
    protected final String admin = TestServers.TOKENS.user("root", "ADMIN");
    protected final String ada = TestServers.TOKENS.user("ada", "DEVELOPER");
    protected final String bob = TestServers.TOKENS.user("bob", "DEVELOPER");
    private final List<Mqtt5BlockingClient> clients = new ArrayList<>();

    @Inject
    @Client("/")
    protected HttpClient http;

    private static byte[] randomBytes() {
        byte[] bytes = new byte[3];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = TestServers.get().sensorManagerProperties(database);
        p.putAll(extraProperties());
        return p;
    }

    /** @return more settings for one test class */
    protected Map<String, String> extraProperties() {
        return Map.of();
    }

    @AfterAll
    void disconnectClients() {
        for (Mqtt5BlockingClient client : clients) {
            try {
                client.disconnect();
            } catch (RuntimeException e) {
                // already gone
            }
        }
    }

    protected MongoDatabase db() {
        return TestServers.get().database(database);
    }

    // ---- HTTP ----

    /**
     * An answer, whatever its status.
     *
     * @param status the status code
     * @param body   the body
     */
    public record Reply(int status, String body) {

        /** @return the body as JSON */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        /** @return this reply after checking its status */
        public Reply expect(int expected) {
            assertEquals(expected, status, () -> "status of a reply with body " + body);
            return this;
        }

        /** @return the problems of an error answer, as "path: message" */
        public List<String> problems() {
            List<String> out = new ArrayList<>();
            json().path("problems").forEach(p -> out.add(p.path("path").asText() + ": " + p.path("message").asText()));
            return out;
        }
    }

    protected Reply call(MutableHttpRequest<?> request) {
        try {
            HttpResponse<byte[]> response = http.toBlocking().exchange(request, Argument.of(byte[].class));
            return new Reply(response.code(), new String(response.getBody().orElse(new byte[0]), StandardCharsets.UTF_8));
        } catch (HttpClientResponseException e) {
            byte[] body = e.getResponse().getBody(byte[].class).orElse(new byte[0]);
            return new Reply(e.getResponse().code(), new String(body, StandardCharsets.UTF_8));
        }
    }

    protected Reply get(String path, String token) {
        MutableHttpRequest<?> request = HttpRequest.GET(path);
        return call(token == null ? request : request.bearerAuth(token));
    }

    protected Reply post(String path, String token, String json) {
        MutableHttpRequest<?> request = HttpRequest.POST(path, json).contentType(MediaType.APPLICATION_JSON_TYPE);
        return call(token == null ? request : request.bearerAuth(token));
    }

    protected Reply delete(String path, String token) {
        return call(HttpRequest.DELETE(path).bearerAuth(token));
    }

    // ---- fixtures ----

    /** Registers a type as an admin; fieldsJson as {@code "speedKmh": {"type": "number"}}. */
    protected void registerType(String name, String kind, String fieldsJson) {
        post("/api/sensor-types", admin, "{\"name\": \"" + name + "\", \"kind\": \"" + kind + "\", \"fields\": {" + fieldsJson + "}}")
                .expect(201);
    }

    /**
     * A device and its token.
     *
     * @param id    its id
     * @param token its token
     */
    public record Registered(String id, String token) {
    }

    /** Registers a device as the token's user and returns its id and token. */
    protected Registered registerDevice(String userToken, String id, String type, String labelsJson) {
        JsonNode body = post("/api/sensors", userToken, "{\"id\": \"" + id + "\", \"type\": \"" + type + "\", \"labels\": {"
                + labelsJson + "}}").expect(201).json();
        return new Registered(body.path("id").asText(), body.path("token").asText());
    }

    /**
     * Writes what app-controller would for an active deployment of an app: the app, the version with
     * a descriptor holding these requirements, and the deployment.
     *
     * @param sensors     sensor requirements as documents {@code {name, type, count, where, delivery}}
     * @param controllers controller requirements as documents {@code {name, type, count, where}}
     */
    protected void deploy(String app, String owner, String deploymentId, String version, List<Document> sensors,
                          List<Document> controllers) {
        ReplaceOptions upsert = new ReplaceOptions().upsert(true);
        db().getCollection(Collections.APPS).replaceOne(new Document(AppDocument.ID, app),
                new Document(AppDocument.ID, app).append(AppDocument.OWNER, owner).append(AppDocument.LATEST_VERSION, version), upsert);
        Document descriptor = new Document(DescriptorDocument.NAME, app).append(DescriptorDocument.VERSION, version)
                .append(DescriptorDocument.SENSORS, sensors).append(DescriptorDocument.CONTROLLERS, controllers);
        db().getCollection(Collections.VERSIONS).replaceOne(new Document(VersionDocument.ID, VersionDocument.idOf(app, version)),
                new Document(VersionDocument.ID, VersionDocument.idOf(app, version)).append(VersionDocument.APP, app).append(VersionDocument.VERSION, version).append(VersionDocument.OWNER, owner)
                        .append(VersionDocument.DESCRIPTOR, descriptor), upsert);
        db().getCollection(Collections.DEPLOYMENTS).replaceOne(new Document(DeploymentDocument.ID, deploymentId),
                new Document(DeploymentDocument.ID, deploymentId).append(DeploymentDocument.APP, app).append(DeploymentDocument.OWNER, owner).append(DeploymentDocument.VERSION, version)
                        .append(DeploymentDocument.INSTANCES, 1).append(DeploymentDocument.GENERATION, 1).append(DeploymentDocument.ACTIVE, true)
                        .append(DeploymentDocument.CREATED_AT, new Date()), upsert);
    }

    /** Marks a deployment stopped, as app-controller does. */
    protected void stopDeployment(String deploymentId) {
        db().getCollection(Collections.DEPLOYMENTS).updateOne(new Document(DeploymentDocument.ID, deploymentId),
                new Document("$set", new Document(DeploymentDocument.ACTIVE, false)));
    }

    /** @return a sensor requirement document */
    protected static Document sensorRequirement(String name, String type, int count, Map<String, String> where, String delivery) {
        return new Document(DescriptorDocument.REQUIREMENT_NAME, name).append(DescriptorDocument.REQUIREMENT_TYPE, type)
                .append(DescriptorDocument.REQUIREMENT_COUNT, count).append(DescriptorDocument.REQUIREMENT_WHERE, new Document(where))
                .append(DescriptorDocument.REQUIREMENT_DELIVERY, delivery);
    }

    /** @return a controller requirement document */
    protected static Document controllerRequirement(String name, String type, int count, Map<String, String> where) {
        return new Document(DescriptorDocument.REQUIREMENT_NAME, name).append(DescriptorDocument.REQUIREMENT_TYPE, type)
                .append(DescriptorDocument.REQUIREMENT_COUNT, count).append(DescriptorDocument.REQUIREMENT_WHERE, new Document(where));
    }

    // ---- MQTT ----

    /** @return a connected MQTT 5 client with a clean session, disconnected after the class */
    protected Mqtt5BlockingClient mqttClient(String clientId) {
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(TestServers.get().mqttPort()).buildBlocking();
        client.connectWith().cleanStart(true).send();
        clients.add(client);
        return client;
    }

    // ---- waiting ----

    /** Waits until the condition holds, failing after {@link #WAIT}. */
    protected static void await(String what, BooleanSupplier condition) {
        Waits.untilTrue(what, WAIT, condition, () -> "not yet");
    }
}
