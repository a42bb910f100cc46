package dev.plinth.sensormanager.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.DeviceDocument;
import dev.plinth.sensormanager.testing.SensorTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry API: types, devices, tokens, and who sees what. */
@MicronautTest(environments = {"plinth", "sensor-manager"}, transactional = false)
class RegistryApiTest extends SensorTestBase {

    @BeforeAll
    void types() {
        registerType("vehicle-speed", "sensor", "\"speedKmh\": {\"type\": \"number\", \"unit\": \"km/h\"}, \"lane\": {\"type\": \"integer\"}");
        registerType("buzzer", "controller", "\"volume\": {\"type\": \"integer\"}");
    }

    @Test
    void typesAreStoredInTheShapeAppControllerReads() {
        Document doc = db().getCollection(Collections.DEVICE_TYPES).find(new Document("_id", "vehicle-speed")).first();
        assertEquals("sensor", doc.getString("kind"));
        assertEquals(new Document("speedKmh", new Document("type", "number").append("unit", "km/h"))
                .append("lane", new Document("type", "integer")), doc.get("fields"));
        assertEquals("root", doc.getString("createdBy"));

        JsonNode listed = get("/api/sensor-types", ada).expect(200).json();
        List<String> names = new ArrayList<>();
        listed.forEach(t -> names.add(t.path("name").asText()));
        assertEquals(List.of("buzzer", "vehicle-speed"), names);
        assertEquals("km/h", get("/api/sensor-types/vehicle-speed", ada).expect(200).json().path("fields").path("speedKmh").path("unit").asText());
    }

    @Test
    void onlyAdminsRegisterTypesAndMistakesAreListed() {
        post("/api/sensor-types", ada, "{\"name\": \"door\", \"kind\": \"sensor\", \"fields\": {\"open\": {\"type\": \"boolean\"}}}").expect(403);
        post("/api/sensor-types", admin, "{\"name\": \"vehicle-speed\", \"kind\": \"sensor\", \"fields\": {\"x\": {\"type\": \"number\"}}}").expect(409);

        Reply bad = post("/api/sensor-types", admin, "{\"name\": \"Bad Name\", \"kind\": \"gadget\", \"fields\": {\"a\": {\"type\": \"float\"}}}")
                .expect(422);
        assertEquals(Set.of("name", "kind", "fields.a.type"), paths(bad));
        post("/api/sensor-types", admin, "{\"name\": \"empty\", \"kind\": \"sensor\", \"fields\": {}}").expect(422);
        get("/api/sensor-types/nothing", ada).expect(404);
    }

    @Test
    void aDeviceGetsATokenShownOnceAndOnlyItsHashIsKept() {
        Reply created = post("/api/sensors", ada, "{\"id\": \"car-1-" + s + "\", \"type\": \"vehicle-speed\", \"labels\": {\"route\": \"A1\"},"
                + " \"kind\": \"sensor\", \"expectedPeriodSeconds\": 2}").expect(201);
        String id = created.json().path("id").asText();
        String token = created.json().path("token").asText();
        assertEquals("car-1-" + s, id);
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"), "32 random bytes in URL-safe base64: " + token);

        Document doc = db().getCollection(Collections.DEVICES).find(new Document(DeviceDocument.ID, id)).first();
        assertEquals(DeviceTokens.hash(token), doc.getString(DeviceDocument.TOKEN_HASH));
        assertFalse(doc.toJson().contains(token), "the token itself is not stored");
        assertEquals("ada", doc.getString(DeviceDocument.OWNER));
        assertEquals("sensor", doc.getString(DeviceDocument.KIND));
        assertEquals(new Document("route", "A1"), doc.get(DeviceDocument.LABELS));

        JsonNode shown = get("/api/sensors/" + id, ada).expect(200).json();
        assertTrue(shown.path("token").isMissingNode() && shown.path("tokenHash").isMissingNode(), shown.toString());
        assertEquals(2, shown.path("expectedPeriodSeconds").asInt());

        String rotated = post("/api/sensors/" + id + "/token", ada, "").expect(200).json().path("token").asText();
        assertNotEquals(token, rotated);
        assertEquals(DeviceTokens.hash(rotated), db().getCollection(Collections.DEVICES).find(new Document(DeviceDocument.ID, id)).first().getString(DeviceDocument.TOKEN_HASH));
    }

    @Test
    void idsAreGeneratedAndTheKindMustBeTheTypes() {
        JsonNode created = post("/api/sensors", ada, "{\"type\": \"buzzer\"}").expect(201).json();
        assertTrue(created.path("id").asText().matches("buzzer-[0-9a-f]{8}"), created.toString());
        assertEquals("controller", get("/api/sensors/" + created.path("id").asText(), ada).json().path("kind").asText());

        Reply wrongKind = post("/api/sensors", ada, "{\"type\": \"buzzer\", \"kind\": \"sensor\"}").expect(422);
        assertEquals(Set.of("kind"), paths(wrongKind));
        Reply unknown = post("/api/sensors", ada, "{\"id\": \"no/slashes\", \"type\": \"teleporter\", \"labels\": {\"bad key!\": \"x\"},"
                + " \"expectedPeriodSeconds\": 0}").expect(422);
        assertEquals(Set.of("id", "type", "labels.bad key!", "expectedPeriodSeconds"), paths(unknown));

        post("/api/sensors", ada, "{\"id\": \"dup-" + s + "\", \"type\": \"buzzer\"}").expect(201);
        post("/api/sensors", bob, "{\"id\": \"dup-" + s + "\", \"type\": \"buzzer\"}").expect(409);
    }

    @Test
    void developersSeeAndChangeOnlyTheirOwnDevices() {
        String adas = registerDevice(ada, "iso-a-" + s, "vehicle-speed", "\"route\": \"B2\", \"lane\": \"1\"").id();
        String bobs = registerDevice(bob, "iso-b-" + s, "vehicle-speed", "\"route\": \"B2\"").id();

        Set<String> seenByAda = ids(get("/api/sensors?label=route=B2", ada).expect(200).json());
        assertEquals(Set.of(adas), seenByAda);
        assertEquals(Set.of(adas, bobs), ids(get("/api/sensors?label=route=B2", admin).expect(200).json()));
        assertEquals(Set.of(adas), ids(get("/api/sensors?label=route=B2&label=lane=1&type=vehicle-speed&kind=sensor", admin).json()));
        assertEquals(Set.of(), ids(get("/api/sensors?label=route=B2&kind=controller", admin).json()));

        get("/api/sensors/" + bobs, ada).expect(404);
        delete("/api/sensors/" + bobs, ada).expect(404);
        post("/api/sensors/" + bobs + "/token", ada, "").expect(404);
        get("/api/sensors/" + bobs + "/readings", ada).expect(404);
        get("/api/sensors/" + bobs, admin).expect(200);

        delete("/api/sensors/" + adas, ada).expect(204);
        get("/api/sensors/" + adas, ada).expect(404);
        assertNull(db().getCollection(Collections.DEVICES).find(new Document(DeviceDocument.ID, adas)).first());
        delete("/api/sensors/" + bobs, admin).expect(204);
    }

    @Test
    void signingInIsRequired() {
        get("/api/sensors", null).expect(401);
        get("/api/sensor-types", null).expect(401);
        post("/api/sensors", null, "{\"type\": \"buzzer\"}").expect(401);
    }

    private static Set<String> ids(JsonNode list) {
        Set<String> out = new TreeSet<>();
        list.forEach(d -> out.add(d.path("id").asText()));
        return out;
    }

    private static Set<String> paths(Reply reply) {
        Set<String> out = new TreeSet<>();
        reply.json().path("problems").forEach(p -> out.add(p.path("path").asText()));
        return out;
    }

}
