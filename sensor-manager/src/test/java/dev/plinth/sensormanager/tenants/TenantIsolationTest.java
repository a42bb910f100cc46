package dev.plinth.sensormanager.tenants;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import dev.plinth.contracts.state.AppDocument;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.DeviceDocument;
import dev.plinth.contracts.state.MqttTopics;
import dev.plinth.sensormanager.testing.SensorTestBase;
import dev.plinth.sensormanager.testing.TestServers;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One developer's apps against another developer's devices, attacked through sensor-manager's API
 * the way a developer or an app instance can: binding, reading history, commanding, stale app
 * tokens, device ids in the platform's space and names taken over after a delete.
 */
@MicronautTest(environments = {"plinth", "sensor-manager"}, transactional = false)
class TenantIsolationTest extends SensorTestBase {

    private String speed;
    private String horn;

    @jakarta.inject.Inject
    dev.plinth.sensormanager.ingest.DeviceActivity activity;

    @BeforeAll
    void types() {
        speed = "speed-" + s;
        horn = "horn-" + s;
        registerType(speed, "sensor", "\"kmh\": {\"type\": \"number\"}");
        registerType(horn, "controller", "\"on\": {\"type\": \"boolean\"}");
    }

    private Document binding(String id) {
        return db().getCollection(Collections.BINDINGS).find(new Document("_id", id)).first();
    }

    @SuppressWarnings("unchecked")
    private List<String> devicesOf(String id) {
        Document b = binding(id);
        return b == null ? null : (List<String>) b.get("devices");
    }

    private Reply put(String path, String token, String json) {
        return call(HttpRequest.PUT(path, json).contentType(MediaType.APPLICATION_JSON_TYPE).bearerAuth(token));
    }

    private void ingest(Registered device, double kmh) {
        call(HttpRequest.POST("/api/ingest/" + device.id(), "{\"values\": {\"kmh\": " + kmh + "}}")
                .contentType(MediaType.APPLICATION_JSON_TYPE).bearerAuth(device.token())).expect(202);
    }

    private long stored(String sensorId) {
        return db().getCollection(Collections.READINGS).countDocuments(new Document("sensorId", sensorId));
    }

    private static List<Double> kmh(JsonNode answer) {
        List<Double> out = new ArrayList<>();
        answer.path("readings").forEach(r -> out.add(r.path("values").path("kmh").asDouble()));
        return out;
    }

    @Test
    void anotherDevelopersAppBindsNoneOfAdasDevicesUntilAnAdminSharesThem() {
        String route = "share-" + s;
        String car = registerDevice(ada, "share-car-" + s, speed, "\"route\": \"" + route + "\"").id();
        String app = "bob-share-" + s;
        deploy(app, "bob", app + "-d1", "1.0.0", List.of(sensorRequirement("speed", speed, 1, Map.of("route", route), "shared")),
                List.of());
        String id = app + "-d1/sensor/speed";

        await("bob's binding", () -> binding(id) != null);
        assertEquals(List.of(), devicesOf(id), "ada's car is not bob's to bind");
        assertEquals("INSUFFICIENT", binding(id).getString("status"));
        assertEquals("needs 1 " + speed + " sensor with route=" + route + "; 0 are registered to bob or shared with bob",
                binding(id).getString("reason"));

        // Only an admin shares: not the device's owner, not the developer who wants it.
        put("/api/sensors/" + car + "/sharing", bob, "{\"with\": [\"bob\"]}").expect(403);
        put("/api/sensors/" + car + "/sharing", ada, "{\"with\": \"everyone\"}").expect(403);
        assertEquals(List.of(), devicesOf(id));

        JsonNode shared = put("/api/sensors/" + car + "/sharing", admin, "{\"with\": [\"bob\"]}").expect(200).json();
        assertEquals("bob", shared.path("sharing").path("with").get(0).asText());
        assertTrue(!shared.path("sharing").path("everyone").asBoolean());
        await("bob's app bound to the shared car", () -> List.of(car).equals(devicesOf(id)));
        assertEquals("BOUND", binding(id).getString("status"));
        assertEquals("bob", get("/api/sensors/" + car, ada).expect(200).json().path("sharing").path("with").get(0).asText(),
                "the owner sees whom it is shared with");
        get("/api/sensors/" + car, bob).expect(404);

        put("/api/sensors/" + car + "/sharing", admin, "{\"with\": []}").expect(200);
        await("the car unbound once no longer shared", () -> List.of().equals(devicesOf(id)));

        put("/api/sensors/" + car + "/sharing", admin, "{\"with\": \"everyone\"}").expect(200);
        await("bound again, shared with everyone", () -> List.of(car).equals(devicesOf(id)));

        // Malformed sharing is refused with what to fix, and changes nothing.
        for (String bad : List.of("{\"with\": \"all\"}", "{\"with\": [1]}", "{}", "{\"with\": [\"no spaces allowed\"]}",
                "{\"with\": [\"bob\"], \"extra\": 1}", "not json")) {
            Reply refused = put("/api/sensors/" + car + "/sharing", admin, bad);
            assertEquals(422, refused.status(), bad + " -> " + refused.body());
            assertTrue(refused.json().path("message").asText().contains("with"), refused.body());
        }
        put("/api/sensors/nothing-" + s + "/sharing", admin, "{\"with\": []}").expect(404);
        assertTrue(get("/api/sensors/" + car, admin).json().path("sharing").path("everyone").asBoolean());
        assertEquals(List.of(car), devicesOf(id));
    }

    @Test
    void anAppTokenReachesOnlyItsOwnAppsBindingsAndDiesWithItsDeployment() throws Exception {
        String site = "token-" + s;
        Registered meter = registerDevice(ada, "token-car-" + s, speed, "\"site\": \"" + site + "\"");
        String buzzer = registerDevice(ada, "token-horn-" + s, horn, "\"site\": \"" + site + "\"").id();
        String adas = "ada-app-" + s;
        deploy(adas, "ada", adas + "-d1", "1.0.0", List.of(sensorRequirement("speed", speed, 1, Map.of("site", site), "shared")),
                List.of(controllerRequirement("horn", horn, 1, Map.of("site", site))));
        String bobs = "bob-app-" + s;
        deploy(bobs, "bob", bobs + "-d1", "1.0.0", List.of(sensorRequirement("speed", speed, 1, Map.of("site", site), "shared")),
                List.of(controllerRequirement("horn", horn, 1, Map.of("site", site))));
        await("both apps' bindings", () -> List.of(buzzer).equals(devicesOf(adas + "-d1/controller/horn"))
                && devicesOf(bobs + "-d1/controller/horn") != null);
        assertEquals(List.of(), devicesOf(bobs + "-d1/controller/horn"));
        assertEquals(List.of(), devicesOf(bobs + "-d1/sensor/speed"));
        ingest(meter, 42);
        await("ada's reading stored", () -> stored(meter.id()) == 1);

        List<JsonNode> atHorn = new CopyOnWriteArrayList<>();
        mqttClient(buzzer).toAsync().subscribeWith().topicFilter(MqttTopics.deviceCommands(buzzer)).qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> atHorn.add(read(p.getPayloadAsBytes()))).send().join();

        String bobsToken = TestServers.TOKENS.app(bobs, bobs + "-d1");
        String adasToken = TestServers.TOKENS.app(adas, adas + "-d1");
        // Bob's app at ada's app's endpoints: as if it did not exist.
        get("/api/bindings/" + adas, bobsToken).expect(404);
        get("/api/bindings/" + adas + "/speed/history", bobsToken).expect(404);
        get("/api/bindings/" + adas + "/speed/latest", bobsToken).expect(404);
        post("/api/bindings/" + adas + "/horn/commands", bobsToken, "{\"payload\": {\"marker\": \"bob-via-ada\"}}").expect(404);
        // Through its own requirements, nothing of ada's: no readings, no controller.
        assertEquals(List.of(), kmh(get("/api/bindings/" + bobs + "/speed/history", bobsToken).expect(200).json()));
        assertEquals(0, get("/api/bindings/" + bobs + "/speed/latest", bobsToken).expect(200).json().path("readings").size());
        post("/api/bindings/" + bobs + "/horn/commands", bobsToken, "{\"device\": \"" + buzzer + "\", \"payload\": {\"marker\": \"bob-direct\"}}")
                .expect(422);
        post("/api/bindings/" + bobs + "/horn/commands", bobsToken, "{\"payload\": {\"marker\": \"bob-all\"}}").expect(422);
        // A token claiming ada's app but naming bob's deployment is no token at all.
        get("/api/bindings/" + adas, TestServers.TOKENS.app(adas, bobs + "-d1")).expect(401);

        // Ada's own app does reach them: the command that follows arrives, so the refused ones would have.
        assertEquals(List.of(42.0), kmh(get("/api/bindings/" + adas + "/speed/history", adasToken).expect(200).json()));
        post("/api/bindings/" + adas + "/horn/commands", adasToken, "{\"payload\": {\"marker\": \"ada\"}}").expect(202);
        await("ada's command at the horn", () -> !atHorn.isEmpty());
        assertEquals(List.of("ada"), atHorn.stream().map(c -> c.path("payload").path("marker").asText()).toList());

        // A token dies with its deployment, and one that names none is refused.
        get("/api/bindings/" + adas, TestServers.TOKENS.appWithoutDeployment(adas)).expect(401);
        stopDeployment(adas + "-d1");
        await("ada's stopped deployment's token refused", () -> get("/api/bindings/" + adas, adasToken).status() == 401);
        post("/api/bindings/" + adas + "/horn/commands", adasToken, "{\"payload\": {\"marker\": \"after-stop\"}}").expect(401);
        get("/api/bindings/" + adas + "/speed/history", adasToken).expect(401);
        get("/api/bindings/" + adas, ada).expect(200);
    }

    @Test
    void aDeviceCannotTakeAnIdOfThePlatform() {
        for (String id : List.of("plinth-sensor-manager", "PLINTH-sensor-manager-p1", "plinth-x")) {
            Reply refused = post("/api/sensors", ada, "{\"id\": \"" + id + "\", \"type\": \"" + speed + "\"}");
            assertEquals(422, refused.status(), refused.body());
            assertTrue(refused.problems().stream().anyMatch(p -> p.startsWith("id: ") && p.contains("reserved for the platform")),
                    refused.problems().toString());
            get("/api/sensors/" + id, admin).expect(404);
        }
        assertEquals(0, db().getCollection(Collections.DEVICES).countDocuments(new Document(DeviceDocument.ID, "plinth-sensor-manager")));
    }

    @Test
    void aNameTakenOverAfterADeleteRevealsNothingOfTheOldOwner() {
        String id = "reused-" + s;
        String app = "reused-app-" + s;
        Registered old = registerDevice(ada, id, speed, "\"fleet\": \"" + s + "\"");
        deploy(app, "ada", app + "-d1", "1.0.0", List.of(sensorRequirement("speed", speed, 1, Map.of("fleet", s), "shared")), List.of());
        ingest(old, 1);
        ingest(old, 2);
        await("ada's readings stored", () -> stored(id) == 2);
        await("ada's binding", () -> List.of(id).equals(devicesOf(app + "-d1/sensor/speed")));
        assertEquals(List.of(1.0, 2.0), kmh(get("/api/bindings/" + app + "/speed/history", ada).json()));

        // Ada deletes the device and the app (app-controller stops the deployment and removes the record).
        delete("/api/sensors/" + id, ada).expect(204);
        stopDeployment(app + "-d1");
        db().getCollection(Collections.APPS).deleteOne(new Document(AppDocument.ID, app));
        await("ada's old readings removed", () -> stored(id) == 0);

        // Bob takes both names.
        Registered taken = registerDevice(bob, id, speed, "\"fleet\": \"" + s + "\"");
        deploy(app, "bob", app + "-d2", "1.0.0", List.of(sensorRequirement("speed", speed, 1, Map.of("fleet", s), "shared")), List.of());
        await("bob's binding", () -> List.of(id).equals(devicesOf(app + "-d2/sensor/speed")));
        await("ada's binding gone", () -> binding(app + "-d1/sensor/speed") == null);

        assertEquals(List.of(), kmh(get("/api/sensors/" + id + "/readings", bob).expect(200).json()));
        get("/api/sensors/" + id + "/latest", bob).expect(404);
        JsonNode view = get("/api/bindings/" + app, bob).expect(200).json();
        assertEquals(app + "-d2", view.path("deploymentId").asText());
        assertEquals(List.of(), kmh(get("/api/bindings/" + app + "/speed/history", bob).json()));
        assertEquals(List.of(), kmh(get("/api/bindings/" + app + "/speed/history", TestServers.TOKENS.app(app, app + "-d2")).json()));
        // Ada's old app token names a deployment that is gone.
        get("/api/bindings/" + app, TestServers.TOKENS.app(app, app + "-d1")).expect(401);

        // Even a reading of the old device that reached the history late stays hidden from the new one.
        db().getCollection(Collections.READINGS).insertOne(new Document("_id", "late-" + s).append("sensorId", id).append("type", speed)
                .append("values", new Document("kmh", 99.0)).append("receivedAt",
                        java.util.Date.from(java.time.Instant.parse(get("/api/sensors/" + id, bob).json().path("createdAt").asText())
                                .minusMillis(5))));
        assertEquals(List.of(), kmh(get("/api/sensors/" + id + "/readings", bob).json()));
        ingest(taken, 3);
        await("bob's own reading", () -> kmh(get("/api/sensors/" + id + "/readings", bob).json()).equals(List.of(3.0)));
        assertEquals(List.of(3.0), kmh(get("/api/bindings/" + app + "/speed/history", bob).json()));
    }

    @Test
    void activityOfADeletedDeviceWrittenLateNeverLandsOnTheDeviceThatTookItsId() {
        String id = "late-activity-" + s;
        Registered old = registerDevice(ada, id, speed, "");
        // A reading of ada's device is accepted, and its activity waits for the next flush...
        activity.accepted(old.id(), "r-old-" + s, Map.of("kmh", 88.0), null, java.time.Instant.now().minusSeconds(1));
        // ...while ada deletes the device and bob registers one under the same id.
        delete("/api/sensors/" + id, ada).expect(204);
        registerDevice(bob, id, speed, "");
        activity.flush();

        get("/api/sensors/" + id + "/latest", bob).expect(404);
        JsonNode bobs = get("/api/sensors/" + id, bob).expect(200).json();
        assertEquals(0, bobs.path("accepted").asLong(), bobs.toString());
        assertTrue(bobs.path("lastValues").isNull() || bobs.path("lastValues").isMissingNode(), bobs.toString());
    }

    private static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
