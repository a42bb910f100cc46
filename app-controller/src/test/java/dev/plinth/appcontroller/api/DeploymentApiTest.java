package dev.plinth.appcontroller.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.appcontroller.store.Database;
import dev.plinth.appcontroller.testing.ApiTestBase;
import dev.plinth.appcontroller.testing.ExamplePackages;
import dev.plinth.appcontroller.testing.RecordingDeploymentEvents;
import dev.plinth.contracts.events.DeploymentEvent;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.DeploymentDocument;
import dev.plinth.contracts.state.DeviceDocument;
import dev.plinth.contracts.state.InstanceDocument;
import dev.plinth.contracts.state.VersionDocument;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Deploying now: the desired state written to {@code deployments}, the events, and reading it back. */
@MicronautTest(environments = {"plinth", "app-controller"}, transactional = false)
class DeploymentApiTest extends ApiTestBase {

    private static final String DEPLOYMENTS = "/api/apps/hello-http/deployments";

    @BeforeEach
    void uploadTwoVersions() {
        upload(ada, ExamplePackages.helloHttp()).expect(201);
        upload(ada, ExamplePackages.withDescriptor(yaml -> yaml.replace("version: 1.0.0", "version: 2.0.0")
                + "instances: 3\nenv: { GREETING: hello }\nplacement: { labels: { zone: north } }\n")).expect(201);
    }

    @Test
    void createsADeploymentWithTheVersionsSpec() {
        Reply reply = postJson(DEPLOYMENTS, ada, "{\"version\": \"1.0.0\", \"instances\": 2}").expect(201);

        JsonNode view = reply.json();
        String id = view.path("id").asText();
        assertTrue(id.matches("hello-http-[0-9a-f]{8}"), id);
        assertEquals(DEPLOYMENTS + "/" + id, reply.headers().get("Location"));
        assertEquals("PENDING", view.path("status").asText());
        assertEquals(2, view.path("desiredInstances").asInt());
        assertEquals(1, view.path("generation").asInt());
        assertEquals(GATEWAY + "/apps/hello-http/", view.path("link").asText());
        assertEquals(0, view.path("instances").size());

        Document d = docs(Collections.DEPLOYMENTS).get(0);
        assertEquals(id, d.get(DeploymentDocument.ID));
        assertEquals("hello-http", d.get(DeploymentDocument.APP));
        assertEquals("ada", d.get(DeploymentDocument.OWNER));
        assertEquals("1.0.0", d.get(DeploymentDocument.VERSION));
        assertEquals(2, ((Number) d.get(DeploymentDocument.INSTANCES)).intValue());
        assertEquals(1L, ((Number) d.get(DeploymentDocument.GENERATION)).longValue());
        assertEquals(true, d.get(DeploymentDocument.ACTIVE));
        assertEquals("PENDING", d.get(DeploymentDocument.STATUS));
        assertNull(d.get(DeploymentDocument.STABLE_VERSION));
        assertNull(d.get(DeploymentDocument.SCHEDULE_ID));
        assertInstanceOf(Date.class, d.get(DeploymentDocument.CREATED_AT));
        assertInstanceOf(Date.class, d.get(DeploymentDocument.UPDATED_AT));
        Document spec = d.get(DeploymentDocument.SPEC, Document.class);
        String sha = docs(Collections.VERSIONS).stream().filter(v -> v.get(VersionDocument.ID).equals("hello-http@1.0.0")).findFirst().orElseThrow().getString(VersionDocument.SHA256);
        assertEquals(new Document("version", "1.0.0")
                .append("artifactSha256", sha)
                .append("command", List.of("java", "-Xmx48m", "-jar", "hello-http.jar"))
                .append("image", null)
                .append("containerPort", 8080)
                .append("env", new Document())
                .append("cpu", 0.25)
                .append("memoryMb", 128)
                .append("healthPath", "/health")
                .append("healthIntervalSeconds", 5)
                .append("healthTimeoutSeconds", 2)
                .append("failureThreshold", 3)
                .append("startupSeconds", 60)
                .append("placementLabels", new Document())
                .append("runtimes", List.of("process")), spec);

        List<RecordingDeploymentEvents.Sent> sent = deploymentEvents.sent();
        assertEquals(1, sent.size());
        assertEquals(id, sent.get(0).key());
        DeploymentEvent event = sent.get(0).event();
        assertEquals(DeploymentEvent.Type.DESIRED, event.type());
        assertEquals("1.0.0", event.version());
        assertEquals(2, event.instances());
        assertEquals(1, event.generation());
    }

    @Test
    void aDeploymentNeedsTheDevicesItsVersionAsksFor() {
        db().getCollection(Collections.DEVICE_TYPES).insertMany(List.of(new Document("_id", "vehicle-speed").append("kind", "sensor"),
                new Document("_id", "buzzer").append("kind", "controller")));
        upload(ada, ExamplePackages.withDescriptor(yaml -> yaml.replace("version: 1.0.0", "version: 3.0.0")
                + "sensors:\n  - { name: speed, type: vehicle-speed, count: 10, where: { route: A1 } }\n"
                + "controllers:\n  - { name: horn, type: buzzer }\n")).expect(201);
        for (int i = 0; i < 3; i++) {
            device("car-" + i, "sensor", "vehicle-speed", new Document("route", "A1").append("lane", String.valueOf(i)));
        }
        device("car-b", "sensor", "vehicle-speed", new Document("route", "B7"));
        device("thermo-1", "sensor", "temperature", new Document("route", "A1"));
        // Another developer's fitting devices count only when an admin shared them with ada or with everyone.
        othersDevice("bobs-car-1", "sensor", "vehicle-speed", new Document("route", "A1"), List.of(), false);
        othersDevice("bobs-car-2", "sensor", "vehicle-speed", new Document("route", "A1"), List.of("carl"), false);
        othersDevice("bobs-horn-1", "controller", "buzzer", new Document(), List.of(), false);

        Reply refused = postJson(DEPLOYMENTS, ada, "{\"version\": \"3.0.0\"}").expect(422);

        assertEquals(List.of("sensors[0]: needs 10 vehicle-speed sensors with route=A1; 3 are registered to ada or shared with ada",
                "controllers[0]: needs 1 buzzer controller; 0 are registered to ada or shared with ada"), refused.problems());
        assertTrue(refused.json().path("message").asText().contains("needs 10 vehicle-speed sensors with route=A1; 3 are registered"),
                refused.text());
        assertTrue(refused.json().path("message").asText().contains("ask an admin to share some with ada"), refused.text());
        assertEquals(List.of(), docs(Collections.DEPLOYMENTS));
        assertEquals(List.of(), deploymentEvents.sent());
        // A version without requirements still deploys.
        postJson(DEPLOYMENTS, ada, "{\"version\": \"1.0.0\"}").expect(201);

        for (int i = 3; i < 8; i++) {
            device("car-" + i, "sensor", "vehicle-speed", new Document("route", "A1"));
        }
        othersDevice("bobs-car-3", "sensor", "vehicle-speed", new Document("route", "A1"), List.of("ada"), false);
        othersDevice("bobs-car-4", "sensor", "vehicle-speed", new Document("route", "A1"), List.of(), true);
        device("horn-1", "controller", "buzzer", new Document());
        postJson(DEPLOYMENTS, ada, "{\"version\": \"3.0.0\"}").expect(200);
    }

    private void device(String id, String kind, String type, Document labels) {
        db().getCollection(Collections.DEVICES).insertOne(new Document(DeviceDocument.ID, id).append(DeviceDocument.KIND, kind).append(DeviceDocument.TYPE, type)
                .append(DeviceDocument.LABELS, labels).append(DeviceDocument.OWNER, "ada").append(DeviceDocument.TOKEN_HASH, "00"));
    }

    private void othersDevice(String id, String kind, String type, Document labels, List<String> sharedWith, boolean everyone) {
        db().getCollection(Collections.DEVICES).insertOne(new Document(DeviceDocument.ID, id).append(DeviceDocument.KIND, kind).append(DeviceDocument.TYPE, type)
                .append(DeviceDocument.LABELS, labels).append(DeviceDocument.OWNER, "bob").append(DeviceDocument.TOKEN_HASH, "00")
                .append(DeviceDocument.SHARED_WITH, sharedWith).append(DeviceDocument.SHARED_WITH_EVERYONE, everyone));
    }

    @Test
    void theSpecCarriesTheRuntimesOfTheVersion() {
        upload(ada, ExamplePackages.withDescriptor(yaml -> yaml.replace("version: 1.0.0", "version: 3.0.0")
                .replace("hello-http.jar\"]", "hello-http.jar\"]\n  image: hello-http:3.0.0"))).expect(201);

        postJson(DEPLOYMENTS, ada, "{\"version\": \"3.0.0\"}").expect(201);

        Document spec = docs(Collections.DEPLOYMENTS).get(0).get("spec", Document.class);
        assertEquals("hello-http:3.0.0", spec.get("image"));
        assertEquals(List.of("process", "docker"), spec.get("runtimes"));
    }

    /** Versions uploaded before runtimes were recorded needed a command or an image, so the descriptor says where they run. */
    @Test
    void aVersionStoredWithoutRuntimesDeploysWithTheRuntimesOfItsDescriptor() {
        db().getCollection(Collections.VERSIONS).updateMany(new Document(), new Document("$unset", new Document(VersionDocument.RUNTIMES, "")));

        postJson(DEPLOYMENTS, ada, "{\"version\": \"1.0.0\"}").expect(201);

        assertEquals(List.of("process"), docs(Collections.DEPLOYMENTS).get(0).get("spec", Document.class).get("runtimes"));
        assertEquals(List.of("process"), JSON.convertValue(get("/api/apps/hello-http/versions/1.0.0", ada).expect(200).json()
                .path("runtimes"), List.class));
    }

    @Test
    void instancesDefaultToTheDescriptors() {
        postJson(DEPLOYMENTS, ada, "{\"version\": \"2.0.0\", \"schedule\": \"now\"}").expect(201);

        Document d = docs(Collections.DEPLOYMENTS).get(0);
        assertEquals(3, ((Number) d.get(DeploymentDocument.INSTANCES)).intValue());
        Document spec = d.get(DeploymentDocument.SPEC, Document.class);
        assertEquals(new Document("GREETING", "hello"), spec.get("env"));
        assertEquals(new Document("zone", "north"), spec.get("placementLabels"));
    }

    @Test
    void deployingAgainChangesTheActiveDeployment() {
        String id = postJson(DEPLOYMENTS, ada, "{\"version\": \"1.0.0\"}").expect(201).json().path("id").asText();
        deploymentEvents.clear();

        // The same version and count: nothing to do.
        JsonNode same = postJson(DEPLOYMENTS, ada, "{\"version\": \"1.0.0\", \"instances\": 1}").expect(200).json();
        assertEquals(id, same.path("id").asText());
        assertEquals(1, same.path("generation").asInt());
        assertEquals(List.of(), deploymentEvents.sent());

        // A new version: the same deployment, the next generation; the deployer rolls it out.
        JsonNode upgraded = postJson(DEPLOYMENTS, ada, "{\"version\": \"2.0.0\", \"instances\": 2}").expect(200).json();
        assertEquals(id, upgraded.path("id").asText());
        assertEquals("2.0.0", upgraded.path("version").asText());
        assertEquals(2, upgraded.path("generation").asInt());

        // Another count only.
        postJson(DEPLOYMENTS, ada, "{\"version\": \"2.0.0\", \"instances\": 4}").expect(200);

        assertEquals(1, docs(Collections.DEPLOYMENTS).size());
        Document d = docs(Collections.DEPLOYMENTS).get(0);
        assertEquals(3L, ((Number) d.get(DeploymentDocument.GENERATION)).longValue());
        assertEquals(4, ((Number) d.get(DeploymentDocument.INSTANCES)).intValue());
        assertEquals("2.0.0", d.get("spec", Document.class).get("version"));
        assertEquals(List.of(2L, 3L), deploymentEvents.events().stream().map(DeploymentEvent::generation).toList());
        assertTrue(deploymentEvents.events().stream().allMatch(e -> e.type() == DeploymentEvent.Type.DESIRED));
    }

    @Test
    void refusesUnknownVersionsAndBadCounts() {
        Reply reply = postJson(DEPLOYMENTS, ada, "{\"version\": \"9.9.9\", \"instances\": 0}").expect(422);

        assertEquals(List.of(
                "version: version 9.9.9 of hello-http was not uploaded; uploaded versions: 2.0.0, 1.0.0",
                "instances: must be between 1 and 100, not 0"), reply.problems());
        assertEquals("version: is required: the version to deploy, one of 2.0.0, 1.0.0",
                postJson(DEPLOYMENTS, ada, "{}").expect(422).problems().get(0));
        assertEquals(List.of(), docs(Collections.DEPLOYMENTS));
        assertEquals(List.of(), deploymentEvents.sent());
    }

    @Test
    void stopsADeployment() {
        String id = postJson(DEPLOYMENTS, ada, "{\"version\": \"1.0.0\"}").expect(201).json().path("id").asText();
        deploymentEvents.clear();

        JsonNode stopped = delete(DEPLOYMENTS + "/" + id, ada).expect(200).json();

        assertFalse(stopped.path("active").asBoolean());
        assertEquals(2, stopped.path("generation").asInt());
        Document d = docs(Collections.DEPLOYMENTS).get(0);
        assertEquals(false, d.get(DeploymentDocument.ACTIVE));
        assertEquals(2L, ((Number) d.get(DeploymentDocument.GENERATION)).longValue());
        DeploymentEvent event = deploymentEvents.events().get(0);
        assertEquals(DeploymentEvent.Type.STOPPED, event.type());
        assertEquals(id, event.deploymentId());
        assertEquals("stopped by ada", event.reason());

        // Stopping again changes nothing; deploying again makes a new deployment.
        delete(DEPLOYMENTS + "/" + id, ada).expect(200);
        assertEquals(1, deploymentEvents.sent().size());
        String next = postJson(DEPLOYMENTS, ada, "{\"version\": \"1.0.0\"}").expect(201).json().path("id").asText();
        assertFalse(next.equals(id));
        delete(DEPLOYMENTS + "/no-such-deployment", ada).expect(404);
    }

    @Test
    void listsDeploymentsWithTheirLiveInstances() {
        String id = postJson(DEPLOYMENTS, ada, "{\"version\": \"1.0.0\", \"instances\": 2}").expect(201).json().path("id").asText();
        // What the deployer and node-manager would have written.
        db().getCollection(Collections.DEPLOYMENTS).updateOne(new Document(DeploymentDocument.ID, id), new Document("$set",
                new Document(DeploymentDocument.STATUS, "DEGRADED").append(DeploymentDocument.REASON, "1 of 2 instances healthy").append(DeploymentDocument.STABLE_VERSION, "1.0.0")));
        db().getCollection(Collections.INSTANCES).insertMany(List.of(
                new Document(InstanceDocument.ID, "hello-http-aaaa").append(InstanceDocument.DEPLOYMENT_ID, id)
                        .append(InstanceDocument.APP, "hello-http")
                        .append(InstanceDocument.VERSION, "1.0.0").append(InstanceDocument.DESIRED, InstanceDocument.RUN)
                        .append(InstanceDocument.STATE, "HEALTHY")
                        .append(InstanceDocument.NODE, "node-1").append(InstanceDocument.ADDRESS, "127.0.0.1")
                        .append(InstanceDocument.PORT, 21001),
                new Document(InstanceDocument.ID, "hello-http-bbbb").append(InstanceDocument.DEPLOYMENT_ID, id)
                        .append(InstanceDocument.APP, "hello-http")
                        .append(InstanceDocument.VERSION, "1.0.0").append(InstanceDocument.DESIRED, InstanceDocument.RUN)
                        .append(InstanceDocument.STATE, InstanceDocument.PENDING)
                        .append(InstanceDocument.UNPLACED_REASON, "no node has 128 MiB free"),
                new Document(InstanceDocument.ID, "hello-http-cccc").append(InstanceDocument.DEPLOYMENT_ID, id)
                        .append(InstanceDocument.APP, "hello-http")
                        .append(InstanceDocument.VERSION, "1.0.0").append(InstanceDocument.DESIRED, InstanceDocument.STOP)
                        .append(InstanceDocument.STATE, "STOPPED")
                        .append(InstanceDocument.NODE, "node-2").append(InstanceDocument.PORT, 21002),
                new Document(InstanceDocument.ID, "other-app-dddd").append(InstanceDocument.DEPLOYMENT_ID, "other")
                        .append(InstanceDocument.DESIRED, InstanceDocument.RUN).append(InstanceDocument.STATE, "HEALTHY")));

        JsonNode list = get(DEPLOYMENTS, ada).expect(200).json();

        assertEquals(1, list.size());
        JsonNode d = list.get(0);
        assertEquals("DEGRADED", d.path("status").asText());
        assertEquals("1 of 2 instances healthy", d.path("reason").asText());
        assertEquals("1.0.0", d.path("stableVersion").asText());
        assertEquals(2, d.path("desiredInstances").asInt());
        assertEquals(GATEWAY + "/apps/hello-http/", d.path("link").asText());
        JsonNode instances = d.path("instances");
        assertEquals(2, instances.size(), instances.toString());
        assertEquals(Map.of("id", "hello-http-aaaa", "node", "node-1", "state", "HEALTHY", "version", "1.0.0",
                "port", 21001, "desired", "RUN"), JSON.convertValue(withoutNulls(instances.get(0)), Map.class));
        assertEquals("PENDING", instances.get(1).path("state").asText());
        assertEquals("no node has 128 MiB free", instances.get(1).path("message").asText());

        JsonNode one = get(DEPLOYMENTS + "/" + id, ada).expect(200).json();
        assertEquals(2, one.path("instances").size());
        get(DEPLOYMENTS + "/other", ada).expect(404);
    }

    @Test
    void anAdminDeploysADevelopersApp() {
        postJson(DEPLOYMENTS, root, "{\"version\": \"1.0.0\"}").expect(201);

        assertEquals("ada", docs(Collections.DEPLOYMENTS).get(0).get(DeploymentDocument.OWNER));
    }

    private static JsonNode withoutNulls(JsonNode node) {
        var copy = ((com.fasterxml.jackson.databind.node.ObjectNode) node).deepCopy();
        List<String> nulls = new java.util.ArrayList<>();
        copy.fieldNames().forEachRemaining(name -> {
            if (copy.get(name).isNull()) {
                nulls.add(name);
            }
        });
        copy.remove(nulls);
        return copy;
    }
}
