package dev.plinth.bootstrapper.infra.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import com.mongodb.client.MongoClient;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.plinth.bootstrapper.infra.EmbeddedMqtt;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.DeploymentDocument;
import dev.plinth.contracts.state.DeviceDocument;
import dev.plinth.contracts.state.MqttTopics;
import dev.plinth.kit.net.FreePorts;
import dev.plinth.testkit.mongo.InProcessMongo;
import dev.plinth.testkit.tokens.TestTokens;
import dev.plinth.testkit.wait.Waits;
import java.time.Duration;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded broker with Plinth's extension, against real MQTT clients: devices with their token,
 * app instances limited to their own topics while their deployment is active, platform services
 * allowed everything, everyone else refused; open sessions closed when their device or deployment
 * goes; no retained messages; no oversized packets. Device tokens and deployments come from a real
 * (in-memory) MongoDB wire server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokerSecurityTest {

    private static final String SECRET = "broker-security-test-secret-0123456789-abcdefghijkl";
    private static final String DEVICE_TOKEN = "good-device-token-of-car-7";

    private InProcessMongo mongo;
    private MongoClient mongoClient;
    private BrokerSecurity security;
    private EmbeddedMqtt broker;
    private final List<Mqtt5BlockingClient> clients = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        mongo = InProcessMongo.start();
        String uri = mongo.uri();
        mongoClient = mongo.client();
        mongoClient.getDatabase("plinth").getCollection(Collections.DEVICES).insertOne(new Document(DeviceDocument.ID, "car-7")
                .append(DeviceDocument.KIND, DeviceDocument.SENSOR).append(DeviceDocument.TYPE, "vehicle-speed").append(DeviceDocument.TOKEN_HASH, sha256(DEVICE_TOKEN)));
        mongoClient.getDatabase("plinth").getCollection(Collections.DEPLOYMENTS).insertMany(List.of(
                new Document(DeploymentDocument.ID, "speed-d1").append(DeploymentDocument.APP, "speed").append(DeploymentDocument.ACTIVE, true),
                new Document(DeploymentDocument.ID, "other-d1").append(DeploymentDocument.APP, "other").append(DeploymentDocument.ACTIVE, true)));
        security = new BrokerSecurity(SECRET);
        broker = new EmbeddedMqtt(Files.createTempDirectory("broker-security-test"), "127.0.0.1", FreePorts.next(), security);
        broker.start();
        security.connectDevices(uri, "plinth");
    }

    @AfterAll
    void stop() {
        for (Mqtt5BlockingClient client : clients) {
            try {
                client.disconnect();
            } catch (RuntimeException e) {
                // already gone
            }
        }
        broker.close();
        security.close();
        mongo.close();
    }


    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String token(String secret, String subject, List<String> roles, Map<String, String> claims, Instant expires) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().subject(subject).claim("roles", roles)
                .issueTime(new Date()).expirationTime(Date.from(expires));
        claims.forEach(builder::claim);
        return TestTokens.signedWith(secret).sign(builder);
    }

    private static String appToken(String app) {
        return appToken(app, app + "-d1");
    }

    /** As a node agent mints it for an instance of that deployment. */
    private static String appToken(String app, String deployment) {
        return token(SECRET, "app:" + app, List.of("APP"), Map.of("app", app, "deployment", deployment), Instant.now().plusSeconds(600));
    }

    private static String serviceToken(String name) {
        return token(SECRET, "service:" + name, List.of("SERVICE"), Map.of("service", name), Instant.now().plusSeconds(300));
    }

    private Mqtt5BlockingClient connect(String clientId, String username, String password) {
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
        client.connectWith().cleanStart(true).simpleAuth().username(username).password(password.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().send();
        clients.add(client);
        return client;
    }

    private Mqtt5ConnAckReasonCode refusal(String clientId, String username, String password) {
        Mqtt5ConnAckException e = assertThrows(Mqtt5ConnAckException.class, () -> connect(clientId, username, password));
        return e.getMqttMessage().getReasonCode();
    }

    private static void publish(Mqtt5BlockingClient client, String topic, String payload) {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload.getBytes(StandardCharsets.UTF_8)).send();
    }

    /**
     * Publishes from a new connection where it may not: HiveMQ answers NOT_AUTHORIZED and closes the
     * connection (what its authorizers do to an MQTT 5 client), so each attempt needs its own.
     */
    private void refusedPublish(String clientId, String username, String password, String topic) {
        Mqtt5BlockingClient client = connect(clientId, username, password);
        assertThrows(RuntimeException.class, () -> publish(client, topic, "{}"), "publishing on " + topic);
        Waits.untilTrue("the broker to close the connection after refusing " + topic, Duration.ofSeconds(10),
                () -> !client.getState().isConnected(), () -> "still connected");
    }

    private static Mqtt5SubAckReasonCode refusedSubscription(Mqtt5BlockingClient client, String filter) {
        Mqtt5SubAckException e = assertThrows(Mqtt5SubAckException.class,
                () -> client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send());
        return e.getMqttMessage().getReasonCodes().get(0);
    }

    /** A service client collecting everything on a filter. */
    private BlockingQueue<String> watch(String filter) {
        Mqtt5BlockingClient service = connect("watcher-" + System.nanoTime(), "service:sensor-manager", serviceToken("sensor-manager"));
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        service.toAsync().subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> seen.add(p.getTopic() + " " + new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)))
                .send().join();
        return seen;
    }

    @Test
    void aDeviceWithItsTokenPublishesItsReadingsAndNothingElse() throws InterruptedException {
        BlockingQueue<String> telemetry = watch(MqttTopics.ALL_DEVICE_TELEMETRY);
        Mqtt5BlockingClient car = connect("car-7", "car-7", DEVICE_TOKEN);

        publish(car, MqttTopics.deviceTelemetry("car-7"), "{\"n\": 1}");
        assertEquals(MqttTopics.deviceTelemetry("car-7") + " {\"n\": 1}", telemetry.poll(10, TimeUnit.SECONDS));

        refusedPublish("car-7", "car-7", DEVICE_TOKEN, MqttTopics.deviceTelemetry("car-8"));
        refusedPublish("car-7", "car-7", DEVICE_TOKEN, MqttTopics.appSensor("speed", "speed"));
        car = connect("car-7", "car-7", DEVICE_TOKEN);
        car.subscribeWith().topicFilter(MqttTopics.deviceCommands("car-7")).qos(MqttQos.AT_LEAST_ONCE).send();
        assertEquals(Mqtt5SubAckReasonCode.NOT_AUTHORIZED, refusedSubscription(car, MqttTopics.deviceCommands("car-8")));
        assertEquals(Mqtt5SubAckReasonCode.NOT_AUTHORIZED, refusedSubscription(car, MqttTopics.DEVICES + "/#"));

        // The refused publish to another device's topic never reached its subscribers.
        publish(car, MqttTopics.deviceTelemetry("car-7"), "{\"n\": 2}");
        assertEquals(MqttTopics.deviceTelemetry("car-7") + " {\"n\": 2}", telemetry.poll(10, TimeUnit.SECONDS));
        assertNull(telemetry.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void devicesWithoutTheRightTokenAreRefused() {
        assertEquals(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED, refusal("car-7", "car-7", "a wrong token"));
        assertEquals(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED, refusal("car-99", "car-99", DEVICE_TOKEN));
        assertEquals(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED, refusal("someone-else", "car-7", DEVICE_TOKEN));
        assertEquals(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED, refusal("car-7", "car-7", ""));
    }

    @Test
    void anAppInstanceIsLimitedToItsOwnTopics() throws InterruptedException {
        BlockingQueue<String> commands = watch(MqttTopics.ALL_APP_COMMANDS);
        Mqtt5BlockingClient app = connect("app:speed:speed-x1", "app:speed:speed-x1", appToken("speed"));

        app.subscribeWith().topicFilter(MqttTopics.shared("speed", MqttTopics.appSensor("speed", "speed"))).qos(MqttQos.AT_LEAST_ONCE).send();
        app.subscribeWith().topicFilter("apps/speed/#").qos(MqttQos.AT_LEAST_ONCE).send();
        assertEquals(Mqtt5SubAckReasonCode.NOT_AUTHORIZED, refusedSubscription(app, MqttTopics.appSensor("other", "speed")));
        assertEquals(Mqtt5SubAckReasonCode.NOT_AUTHORIZED, refusedSubscription(app, MqttTopics.shared("other", MqttTopics.appSensor("speed", "speed"))));
        assertEquals(Mqtt5SubAckReasonCode.NOT_AUTHORIZED, refusedSubscription(app, MqttTopics.ALL_DEVICE_TELEMETRY));

        publish(app, MqttTopics.appCommands("speed", "buzzer"), "{\"payload\": {}}");
        assertEquals(MqttTopics.appCommands("speed", "buzzer") + " {\"payload\": {}}", commands.poll(10, TimeUnit.SECONDS));
        refusedPublish("app:speed:speed-x2", "app:speed:speed-x2", appToken("speed"), MqttTopics.appCommands("other", "buzzer"));
        refusedPublish("app:speed:speed-x2", "app:speed:speed-x2", appToken("speed"), MqttTopics.appSensor("speed", "speed"));
        refusedPublish("app:speed:speed-x2", "app:speed:speed-x2", appToken("speed"), MqttTopics.deviceCommands("car-7"));
        assertNull(commands.poll(200, TimeUnit.MILLISECONDS), "no refused command went through");
    }

    @Test
    void appCredentialsMustBeTheAppsOwn() {
        assertEquals(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED, refusal("app:speed:i1", "app:speed:i1", appToken("other")));
        assertEquals(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED, refusal("app:speed:i1", "app:speed:i1",
                token("another-secret-0123456789-0123456789-abcdef", "app:speed", List.of("APP"), Map.of("app", "speed"),
                        Instant.now().plusSeconds(600))));
        assertEquals(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED, refusal("app:speed:i1", "app:speed:i1",
                token(SECRET, "app:speed", List.of("APP"), Map.of("app", "speed"), Instant.now().minusSeconds(5))));
        assertEquals(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED, refusal("someone", "app:speed:i1", appToken("speed")),
                "the client id must be the app's, or another client could take over its session");
        assertEquals(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED, refusal("app:speed:i1", "app:speed:i1", "not a token"));
        assertEquals(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED, refusal("app:speed:i1", "app:speed:i1",
                token(SECRET, "app:speed", List.of("APP"), Map.of("app", "speed"), Instant.now().plusSeconds(600))),
                "a credential that names no deployment");
        assertEquals(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED, refusal("app:speed:i1", "app:speed:i1", appToken("speed", "other-d1")),
                "a deployment of another app");
        assertEquals(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED, refusal("app:speed:i1", "app:speed:i1", appToken("speed", "speed-gone")),
                "a deployment that does not exist");
    }

    @Test
    void servicesMayDoAnythingWithAServiceToken() throws InterruptedException {
        BlockingQueue<String> deviceCommands = watch(MqttTopics.ALL_DEVICE_COMMANDS);
        Mqtt5BlockingClient service = connect("plinth-sensor-manager-t", "service:sensor-manager", serviceToken("sensor-manager"));
        service.subscribeWith().topicFilter(MqttTopics.shared("sensor-manager", MqttTopics.ALL_DEVICE_TELEMETRY)).qos(MqttQos.AT_LEAST_ONCE).send();
        publish(service, MqttTopics.deviceCommands("car-7"), "{\"commandId\": \"c1\"}");
        assertEquals(MqttTopics.deviceCommands("car-7") + " {\"commandId\": \"c1\"}", deviceCommands.poll(10, TimeUnit.SECONDS));

        assertEquals(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED, refusal("x", "service:sensor-manager", appToken("speed")));
        assertEquals(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED, refusal("x", "service:sensor-manager", serviceToken("monitor")));
        assertNotNull(service);
    }

    // ---- attacks on other tenants and on the platform ----

    private com.mongodb.client.MongoCollection<Document> records(String collection) {
        return mongoClient.getDatabase("plinth").getCollection(collection);
    }

    private void registerDevice(String id, String token) throws Exception {
        records(Collections.DEVICES).insertOne(new Document(DeviceDocument.ID, id).append(DeviceDocument.KIND, DeviceDocument.SENSOR).append(DeviceDocument.TYPE, "vehicle-speed")
                .append(DeviceDocument.TOKEN_HASH, sha256(token)));
    }

    private static void awaitDisconnected(String what, java.util.function.BooleanSupplier connected) {
        Waits.untilTrue(what + " to be disconnected", Duration.ofSeconds(30), () -> !connected.getAsBoolean(), () -> "still connected");
    }

    /** An MQTT 3.1.1 client: it knows no server limits, so it really sends what it is told to. */
    private Mqtt3BlockingClient connect3(String clientId, String username, String password) {
        Mqtt3BlockingClient client = MqttClient.builder().useMqttVersion3().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
        client.connectWith().cleanSession(true).simpleAuth().username(username).password(password.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().send();
        return client;
    }

    @Test
    void aDeviceCannotTakeOverThePlatformsSession() throws Exception {
        // A device that got the platform's name into the records anyway (registered before the rule, or written by hand).
        registerDevice("plinth-sensor-manager", "device-token-of-an-impostor");
        registerDevice("PLINTH-sensor-manager-p1", "device-token-of-an-impostor");
        BlockingQueue<String> telemetry = new LinkedBlockingQueue<>();
        Mqtt5BlockingClient platform = connect("plinth-sensor-manager", "service:sensor-manager", serviceToken("sensor-manager"));
        platform.toAsync().subscribeWith().topicFilter(MqttTopics.ALL_DEVICE_TELEMETRY).qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> telemetry.add(p.getTopic() + " " + new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)))
                .send().join();

        assertEquals(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED,
                refusal("plinth-sensor-manager", "plinth-sensor-manager", "device-token-of-an-impostor"));
        assertEquals(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED,
                refusal("PLINTH-sensor-manager-p1", "PLINTH-sensor-manager-p1", "device-token-of-an-impostor"));
        assertEquals(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED, refusal("plinth-sensor-manager", "car-7", DEVICE_TOKEN),
                "a real device under the platform's client id");

        // The platform's session is intact and still receives every device's readings.
        assertTrue(platform.getState().isConnected());
        Mqtt5BlockingClient car = connect("car-7", "car-7", DEVICE_TOKEN);
        publish(car, MqttTopics.deviceTelemetry("car-7"), "{\"after\": \"impostor\"}");
        assertEquals(MqttTopics.deviceTelemetry("car-7") + " {\"after\": \"impostor\"}", telemetry.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void aRotatedTokenOrADeletedDeviceClosesTheOpenSession() throws Exception {
        registerDevice("car-r", "first-token-of-car-r");
        Mqtt5BlockingClient car = connect("car-r", "car-r", "first-token-of-car-r");
        assertTrue(car.getState().isConnected());

        records(Collections.DEVICES).updateOne(new Document(DeviceDocument.ID, "car-r"), new Document("$set", new Document(DeviceDocument.TOKEN_HASH, sha256("second-token"))));
        awaitDisconnected("car-r with its rotated-out token", () -> car.getState().isConnected());
        assertEquals(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED, refusal("car-r", "car-r", "first-token-of-car-r"));

        Mqtt5BlockingClient renewed = connect("car-r", "car-r", "second-token");
        records(Collections.DEVICES).deleteOne(new Document(DeviceDocument.ID, "car-r"));
        awaitDisconnected("the deleted car-r", () -> renewed.getState().isConnected());
        assertEquals(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED, refusal("car-r", "car-r", "second-token"));
        // Other devices are left alone.
        Mqtt5BlockingClient car7 = connect("car-7", "car-7", DEVICE_TOKEN);
        assertTrue(car7.getState().isConnected());
    }

    @Test
    void aStoppedDeploymentClosesItsInstancesSessions() throws Exception {
        records(Collections.DEPLOYMENTS).insertOne(new Document(DeploymentDocument.ID, "stopping-d1").append(DeploymentDocument.APP, "stopping").append(DeploymentDocument.ACTIVE, true));
        String credential = appToken("stopping", "stopping-d1");
        Mqtt5BlockingClient instance = connect("app:stopping:i1", "app:stopping:i1", credential);
        Mqtt5BlockingClient bystander = connect("app:speed:bystander", "app:speed:bystander", appToken("speed"));

        records(Collections.DEPLOYMENTS).updateOne(new Document(DeploymentDocument.ID, "stopping-d1"), new Document("$set", new Document(DeploymentDocument.ACTIVE, false)));
        awaitDisconnected("the instance of the stopped deployment", () -> instance.getState().isConnected());
        assertEquals(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED, refusal("app:stopping:i1", "app:stopping:i1", credential));
        assertTrue(bystander.getState().isConnected(), "another app's instance stays");
    }

    @Test
    void retainedMessagesAreRefusedAndNeverReachALaterSubscriber() throws Exception {
        Mqtt3BlockingClient car = connect3("car-7", "car-7", DEVICE_TOKEN);
        assertThrows(RuntimeException.class, () -> car.publishWith().topic(MqttTopics.deviceTelemetry("car-7")).qos(MqttQos.AT_LEAST_ONCE)
                .retain(true).payload("{\"retained\": true}".getBytes(StandardCharsets.UTF_8)).send());
        awaitDisconnected("the device that published a retained reading", () -> car.getState().isConnected());
        Mqtt3BlockingClient app = connect3("app:speed:r1", "app:speed:r1", appToken("speed"));
        assertThrows(RuntimeException.class, () -> app.publishWith().topic(MqttTopics.appCommands("speed", "horn"))
                .qos(MqttQos.AT_LEAST_ONCE).retain(true).payload("{\"payload\": {}}".getBytes(StandardCharsets.UTF_8)).send());
        awaitDisconnected("the app that published a retained command", () -> app.getState().isConnected());

        // A subscriber that comes later gets a retained message first, if one was kept: here the first is the fresh one.
        BlockingQueue<String> telemetry = watch(MqttTopics.deviceTelemetry("car-7"));
        BlockingQueue<String> commands = watch(MqttTopics.appCommandsFilter("speed"));
        Mqtt5BlockingClient again = connect("car-7", "car-7", DEVICE_TOKEN);
        publish(again, MqttTopics.deviceTelemetry("car-7"), "{\"fresh\": true}");
        assertEquals(MqttTopics.deviceTelemetry("car-7") + " {\"fresh\": true}", telemetry.poll(10, TimeUnit.SECONDS));
        Mqtt5BlockingClient appAgain = connect("app:speed:r2", "app:speed:r2", appToken("speed"));
        publish(appAgain, MqttTopics.appCommands("speed", "horn"), "{\"fresh\": true}");
        assertEquals(MqttTopics.appCommands("speed", "horn") + " {\"fresh\": true}", commands.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void anOversizedPacketIsRefusedAndTheBrokerStaysHealthy() throws Exception {
        BlockingQueue<String> telemetry = watch(MqttTopics.deviceTelemetry("car-7"));
        byte[] huge = new byte[EmbeddedMqtt.DEFAULT_MAX_PACKET_BYTES + 1024];
        java.util.Arrays.fill(huge, (byte) 'x');
        Mqtt3BlockingClient car = connect3("car-7", "car-7", DEVICE_TOKEN);
        assertThrows(RuntimeException.class, () -> car.publishWith().topic(MqttTopics.deviceTelemetry("car-7")).qos(MqttQos.AT_LEAST_ONCE)
                .payload(huge).send());
        awaitDisconnected("the device that sent an oversized packet", () -> car.getState().isConnected());

        Mqtt5BlockingClient again = connect("car-7", "car-7", DEVICE_TOKEN);
        publish(again, MqttTopics.deviceTelemetry("car-7"), "{\"n\": \"after the big one\"}");
        assertEquals(MqttTopics.deviceTelemetry("car-7") + " {\"n\": \"after the big one\"}", telemetry.poll(10, TimeUnit.SECONDS),
                "the oversized reading never arrived; the next one did");
    }
}
