package dev.plinth.sensormanager.binding;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.MqttTopics;
import dev.plinth.sensormanager.testing.SensorTestBase;
import dev.plinth.sensormanager.testing.TestServers;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bindings kept in step with active deployments and devices: bound when deployed, rebound when a
 * bound device goes or a fitting one comes, removed when the deployment stops; and who may read them.
 */
@MicronautTest(environments = {"plinth", "sensor-manager"}, transactional = false)
class BindingTest extends SensorTestBase {

    private String speed;
    private String buzzer;

    @BeforeAll
    void types() {
        speed = "speed-" + s;
        buzzer = "buzzer-" + s;
        registerType(speed, "sensor", "\"kmh\": {\"type\": \"number\"}");
        registerType(buzzer, "controller", "\"on\": {\"type\": \"boolean\"}");
    }

    private Document binding(String id) {
        return db().getCollection(Collections.BINDINGS).find(new Document("_id", id)).first();
    }

    @SuppressWarnings("unchecked")
    private List<String> devicesOf(String id) {
        Document b = binding(id);
        return b == null ? null : (List<String>) b.get("devices");
    }

    @Test
    void aDeploymentIsBoundAndReboundAsDevicesComeAndGo() {
        String app = "rebind-" + s;
        String route = "R-" + s;
        String a = registerDevice(ada, "rb-a-" + s, speed, "\"route\": \"" + route + "\"").id();
        String b = registerDevice(ada, "rb-b-" + s, speed, "\"route\": \"" + route + "\"").id();
        registerDevice(ada, "rb-other-" + s, speed, "\"route\": \"elsewhere\"");
        String horn = registerDevice(ada, "rb-horn-" + s, buzzer, "").id();

        deploy(app, "ada", app + "-d1", "1.0.0",
                List.of(sensorRequirement("speed", speed, 2, Map.of("route", route), "shared")),
                List.of(controllerRequirement("horn", buzzer, 1, Map.of())));

        String sensors = app + "-d1/sensor/speed";
        String controllers = app + "-d1/controller/horn";
        await("the bindings", () -> binding(sensors) != null && binding(controllers) != null);
        Document bound = binding(sensors);
        assertEquals(app, bound.getString("app"));
        assertEquals(app + "-d1", bound.getString("deploymentId"));
        assertEquals("speed", bound.getString("name"));
        assertEquals("sensor", bound.getString("kind"));
        assertEquals(speed, bound.getString("type"));
        assertEquals(new Document("route", route), bound.get("where"));
        assertEquals(2, bound.getInteger("count"));
        assertEquals("shared", bound.getString("delivery"));
        assertEquals(List.of(a, b), bound.get("devices"));
        assertEquals("BOUND", bound.getString("status"));
        assertNull(bound.getString("reason"));
        assertEquals(List.of(horn), devicesOf(controllers));

        // A bound sensor goes: one is left, which is not enough.
        delete("/api/sensors/" + a, ada).expect(204);
        await("the binding without " + a, () -> List.of(b).equals(devicesOf(sensors)));
        assertEquals("INSUFFICIENT", binding(sensors).getString("status"));
        assertEquals("needs 2 " + speed + " sensors with route=" + route + "; 1 is registered to ada or shared with ada",
                binding(sensors).getString("reason"));

        // A fitting sensor comes: bound, complete again.
        String c = registerDevice(ada, "rb-c-" + s, speed, "\"route\": \"" + route + "\"").id();
        await("the binding with " + c, () -> List.of(b, c).equals(devicesOf(sensors)));
        assertEquals("BOUND", binding(sensors).getString("status"));

        // Another fitting one does not displace them.
        registerDevice(ada, "rb-0-" + s, speed, "\"route\": \"" + route + "\"");
        // A pass that binds a deployment made after the device was registered has seen the device.
        deploy("marker-" + s, "ada", "marker-" + s + "-d1", "1.0.0", List.of(sensorRequirement("m", speed, 1, Map.of(), "shared")), List.of());
        await("a later pass", () -> binding("marker-" + s + "-d1/sensor/m") != null);
        assertEquals(List.of(b, c), devicesOf(sensors));

        // The deployment stops: its bindings go.
        stopDeployment(app + "-d1");
        await("the bindings removed", () -> binding(sensors) == null && binding(controllers) == null);
    }

    @Test
    void theOwnerAdminsAndTheAppItselfReadTheBindings() {
        String app = "reader-" + s;
        String other = "other-" + s;
        String gauge = registerDevice(ada, "rd-" + s, speed, "\"site\": \"" + s + "\"").id();
        deploy(app, "ada", app + "-d1", "2.0.0",
                List.of(sensorRequirement("speed", speed, 1, Map.of("site", s), "broadcast")),
                List.of(controllerRequirement("horn", buzzer, 3, Map.of("site", s))));
        deploy(other, "bob", other + "-d1", "1.0.0", List.of(), List.of());
        await("the bindings", () -> binding(app + "-d1/sensor/speed") != null && binding(app + "-d1/controller/horn") != null);

        JsonNode view = get("/api/bindings/" + app, ada).expect(200).json();
        assertEquals(app + "-d1", view.path("deploymentId").asText());
        JsonNode sensorsView = view.path("sensors").path("speed");
        assertEquals(List.of(gauge), strings(sensorsView.path("devices")));
        assertEquals("BOUND", sensorsView.path("status").asText());
        assertEquals("broadcast", sensorsView.path("delivery").asText());
        assertEquals(MqttTopics.appSensor(app, "speed"), sensorsView.path("topic").asText());
        JsonNode horn = view.path("controllers").path("horn");
        assertEquals("INSUFFICIENT", horn.path("status").asText());
        assertEquals("needs 3 " + buzzer + " controllers with site=" + s + "; 0 are registered to ada or shared with ada",
                horn.path("reason").asText());

        get("/api/bindings/" + app, admin).expect(200);
        get("/api/bindings/" + app, TestServers.TOKENS.app(app, app + "-d1")).expect(200);
        get("/api/bindings/" + app, bob).expect(404);
        get("/api/bindings/" + app, TestServers.TOKENS.app(other, other + "-d1")).expect(404);
        get("/api/bindings/" + app, null).expect(401);
        get("/api/bindings/nothing-" + s, admin).expect(404);
        assertTrue(get("/api/bindings/" + other, bob).expect(200).json().path("sensors").isEmpty());

        // An app token is for its own bindings only: not for the registry.
        get("/api/sensors", TestServers.TOKENS.app(app, app + "-d1")).expect(403);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
