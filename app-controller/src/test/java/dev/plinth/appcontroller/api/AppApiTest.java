package dev.plinth.appcontroller.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.appcontroller.store.Database;
import dev.plinth.appcontroller.testing.ApiTestBase;
import dev.plinth.appcontroller.testing.ExamplePackages;
import dev.plinth.contracts.events.AppEvent;
import dev.plinth.contracts.state.AppDocument;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.DeploymentDocument;
import dev.plinth.contracts.state.InstanceDocument;
import dev.plinth.contracts.state.VersionDocument;
import dev.plinth.testkit.tokens.TestTokens;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Apps, versions and artifacts: reading, deleting, and who may see what. */
@MicronautTest(environments = {"plinth", "app-controller"}, transactional = false)
class AppApiTest extends ApiTestBase {

    @Test
    void listsOwnAppsWithLatestVersionAndActiveDeployment() {
        upload(ada, ExamplePackages.helloHttp()).expect(201);
        upload(ada, ExamplePackages.helloHttp("1.1.0")).expect(201);
        upload(ada, ExamplePackages.helloHttp("ada-second", "0.1.0")).expect(201);
        upload(bob, ExamplePackages.helloHttp("bobs-app", "1.0.0")).expect(201);
        postJson("/api/apps/hello-http/deployments", ada, "{\"version\": \"1.0.0\"}").expect(201);

        JsonNode apps = get("/api/apps", ada).expect(200).json();

        assertEquals(2, apps.size(), apps.toString());
        assertEquals("ada-second", apps.get(0).path("name").asText());
        assertTrue(apps.get(0).path("deployment").isNull() || apps.get(0).path("deployment").isMissingNode(), apps.toString());
        JsonNode hello = apps.get(1);
        assertEquals("hello-http", hello.path("name").asText());
        assertEquals("ada", hello.path("owner").asText());
        assertEquals("1.1.0", hello.path("latestVersion").asText());
        assertEquals(GATEWAY + "/apps/hello-http/", hello.path("link").asText());
        assertEquals("PENDING", hello.path("deployment").path("status").asText());
        assertEquals("1.0.0", hello.path("deployment").path("version").asText());
        assertEquals(1, hello.path("deployment").path("desiredInstances").asInt());
        assertEquals(GATEWAY + "/apps/hello-http/", hello.path("deployment").path("link").asText());
    }

    @Test
    void anAdminSeesEveryApp() {
        upload(ada, ExamplePackages.helloHttp()).expect(201);
        upload(bob, ExamplePackages.helloHttp("bobs-app", "1.0.0")).expect(201);

        List<String> names = new ArrayList<>();
        get("/api/apps", root).expect(200).json().forEach(app -> names.add(app.path("name").asText() + "/" + app.path("owner").asText()));

        assertEquals(List.of("bobs-app/bob", "hello-http/ada"), names);
        get("/api/apps/hello-http", root).expect(200);
        get("/api/apps/hello-http/versions/1.0.0", root).expect(200);
    }

    @Test
    void getsAnAppAndItsVersions() {
        upload(ada, ExamplePackages.helloHttp()).expect(201);
        upload(ada, ExamplePackages.helloHttp("1.1.0")).expect(201);

        JsonNode app = get("/api/apps/hello-http", ada).expect(200).json();
        assertEquals("1.1.0", app.path("latestVersion").asText());

        JsonNode versions = get("/api/apps/hello-http/versions", ada).expect(200).json();
        assertEquals(List.of("1.1.0", "1.0.0"), List.of(versions.get(0).path("version").asText(), versions.get(1).path("version").asText()));
        assertTrue(versions.get(0).path("descriptor").isNull() || versions.get(0).path("descriptor").isMissingNode());

        JsonNode version = get("/api/apps/hello-http/versions/1.0.0", ada).expect(200).json();
        assertEquals("hello-http", version.path("descriptor").path("name").asText());
        assertEquals("/health", version.path("descriptor").path("health").path("path").asText());
        assertEquals(1, version.path("descriptor").path("instances").asInt());

        assertEquals("version 9.9.9 of app 'hello-http' was not found",
                get("/api/apps/hello-http/versions/9.9.9", ada).expect(404).json().path("message").asText());
        assertEquals("app 'nothing' was not found", get("/api/apps/nothing", ada).expect(404).json().path("message").asText());
    }

    @Test
    void anotherDevelopersAppAnswersEverywhereAsIfItDidNotExist() {
        upload(ada, ExamplePackages.helloHttp()).expect(201);
        postJson("/api/apps/hello-http/deployments", ada, "{\"version\": \"1.0.0\"}").expect(201);
        String deploymentId = docs(Collections.DEPLOYMENTS).get(0).getString(DeploymentDocument.ID);
        String future = java.time.Instant.now().plusSeconds(3600).toString();
        postJson("/api/apps/hello-http/deployments", ada, "{\"version\": \"1.0.0\", \"schedule\": {\"at\": \"" + future + "\"}}").expect(201);
        String scheduleId = docs(Collections.SCHEDULES).get(0).getString("_id");

        String missing = get("/api/apps/no-such-app", bob).expect(404).json().path("message").asText();
        assertEquals("app 'no-such-app' was not found", missing);
        for (Reply reply : List.of(
                get("/api/apps/hello-http", bob),
                get("/api/apps/hello-http/versions", bob),
                get("/api/apps/hello-http/versions/1.0.0", bob),
                get("/api/apps/hello-http/deployments", bob),
                get("/api/apps/hello-http/deployments/" + deploymentId, bob),
                get("/api/apps/hello-http/schedules", bob),
                postJson("/api/apps/hello-http/deployments", bob, "{\"version\": \"1.0.0\"}"),
                postJson("/api/apps/hello-http/deployments", bob, "{\"version\": \"1.0.0\", \"schedule\": {\"at\": \"" + future + "\"}}"),
                delete("/api/apps/hello-http/deployments/" + deploymentId, bob),
                delete("/api/apps/hello-http/schedules/" + scheduleId, bob),
                delete("/api/apps/hello-http/versions/1.0.0", bob),
                delete("/api/apps/hello-http", bob))) {
            reply.expect(404);
            assertEquals("app 'hello-http' was not found", reply.json().path("message").asText());
        }
        assertEquals(0, get("/api/apps", bob).expect(200).json().size());
        // Nothing changed for ada.
        assertEquals(1, docs(Collections.DEPLOYMENTS).size());
        assertTrue(docs(Collections.DEPLOYMENTS).get(0).getBoolean(DeploymentDocument.ACTIVE));
        assertEquals("ACTIVE", docs(Collections.SCHEDULES).get(0).get("state"));
        assertEquals(1, docs(Collections.VERSIONS).size());
    }

    @Test
    void requiresASignedInDeveloperOrAdmin() {
        upload(ada, ExamplePackages.helloHttp()).expect(201);

        get("/api/apps", null).expect(401);
        get("/api/apps", agent).expect(403);
        get("/api/apps", TestTokens.signedWith(
                "another-secret-of-at-least-thirty-two-bytes!!").user("ada", "DEVELOPER")).expect(401);
    }

    @Test
    void deletesAVersionAndItsArtifact() throws Exception {
        upload(ada, ExamplePackages.helloHttp()).expect(201);
        upload(ada, ExamplePackages.helloHttp("1.1.0")).expect(201);
        appEvents.clear();
        assertEquals(2, artifactFiles().size());

        delete("/api/apps/hello-http/versions/1.1.0", ada).expect(204);

        assertEquals(List.of("hello-http@1.0.0"), docs(Collections.VERSIONS).stream().map(d -> d.get(VersionDocument.ID)).toList());
        assertEquals(1, artifactFiles().size());
        assertEquals("1.0.0", docs(Collections.APPS).get(0).get(AppDocument.LATEST_VERSION));
        assertEquals(AppEvent.Type.VERSION_DELETED, appEvents.sent().get(0).event().type());
        assertEquals("1.1.0", appEvents.sent().get(0).event().version());
        delete("/api/apps/hello-http/versions/1.1.0", ada).expect(404);
    }

    @Test
    void refusesToDeleteADeployedVersionOrOneAScheduleDeploys() {
        upload(ada, ExamplePackages.helloHttp()).expect(201);
        upload(ada, ExamplePackages.helloHttp("1.1.0")).expect(201);
        postJson("/api/apps/hello-http/deployments", ada, "{\"version\": \"1.0.0\"}").expect(201);
        String future = java.time.Instant.now().plusSeconds(3600).toString();
        postJson("/api/apps/hello-http/deployments", ada, "{\"version\": \"1.1.0\", \"schedule\": {\"at\": \"" + future + "\"}}").expect(201);
        String scheduleId = docs(Collections.SCHEDULES).get(0).getString("_id");

        String deployed = delete("/api/apps/hello-http/versions/1.0.0", ada).expect(409).json().path("message").asText();
        assertTrue(deployed.startsWith("version 1.0.0 of hello-http is deployed (deployment hello-http-"), deployed);
        String scheduled = delete("/api/apps/hello-http/versions/1.1.0", ada).expect(409).json().path("message").asText();
        assertEquals("version 1.1.0 of hello-http is what schedule " + scheduleId + " deploys; cancel the schedule first: "
                + "DELETE /api/apps/hello-http/schedules/" + scheduleId, scheduled);

        // The stable version of a running deployment is what a failed rollout falls back to.
        db().getCollection(Collections.DEPLOYMENTS).updateOne(new Document(), new Document("$set",
                new Document(DeploymentDocument.VERSION, "1.1.0").append(DeploymentDocument.STABLE_VERSION, "1.0.0")));
        String stable = delete("/api/apps/hello-http/versions/1.0.0", ada).expect(409).json().path("message").asText();
        assertTrue(stable.contains("is the stable version of the running deployment"), stable);
        assertEquals(2, docs(Collections.VERSIONS).size());
    }

    @Test
    void deletesAnAppOnlyWhenNothingRunsOrIsScheduled() throws Exception {
        upload(ada, ExamplePackages.helloHttp()).expect(201);
        upload(ada, ExamplePackages.helloHttp("1.1.0")).expect(201);
        String created = postJson("/api/apps/hello-http/deployments", ada, "{\"version\": \"1.0.0\"}").expect(201).json().path("id").asText();
        String future = java.time.Instant.now().plusSeconds(3600).toString();
        String scheduleId = postJson("/api/apps/hello-http/deployments", ada,
                "{\"version\": \"1.1.0\", \"schedule\": {\"at\": \"" + future + "\"}}").expect(201).json().path("id").asText();

        assertEquals("app hello-http has an active deployment, " + created + "; stop it first: DELETE /api/apps/hello-http/deployments/" + created,
                delete("/api/apps/hello-http", ada).expect(409).json().path("message").asText());
        delete("/api/apps/hello-http/deployments/" + created, ada).expect(200);
        assertEquals("deployment " + created + " of hello-http is still stopping its instances; delete the app once its status is STOPPED",
                delete("/api/apps/hello-http", ada).expect(409).json().path("message").asText());
        // What the deployer writes as soon as it has told the instances to stop.
        db().getCollection(Collections.DEPLOYMENTS).updateOne(new Document(DeploymentDocument.ID, created),
                new Document("$set", new Document(DeploymentDocument.STATUS, "STOPPED")));
        // One instance is still stopping (it still logs and serves under the name); one sits on a lost
        // node and will never report its end; one has ended.
        db().getCollection(Collections.NODES).insertMany(List.of(new Document("_id", "n-ok").append("state", "READY"),
                new Document("_id", "n-lost").append("state", "LOST")));
        db().getCollection(Collections.INSTANCES).insertMany(List.of(
                new Document(InstanceDocument.ID, "hello-http-a").append(InstanceDocument.APP, "hello-http")
                        .append(InstanceDocument.DEPLOYMENT_ID, created)
                        .append(InstanceDocument.DESIRED, InstanceDocument.STOP).append(InstanceDocument.STATE, "HEALTHY")
                        .append(InstanceDocument.NODE, "n-ok"),
                new Document(InstanceDocument.ID, "hello-http-b").append(InstanceDocument.APP, "hello-http")
                        .append(InstanceDocument.DEPLOYMENT_ID, created)
                        .append(InstanceDocument.DESIRED, InstanceDocument.STOP).append(InstanceDocument.STATE, "HEALTHY")
                        .append(InstanceDocument.NODE, "n-lost"),
                new Document(InstanceDocument.ID, "hello-http-c").append(InstanceDocument.APP, "hello-http")
                        .append(InstanceDocument.DEPLOYMENT_ID, created)
                        .append(InstanceDocument.DESIRED, InstanceDocument.STOP).append(InstanceDocument.STATE, "STOPPED")
                        .append(InstanceDocument.NODE, "n-ok")));
        assertEquals("instance hello-http-a of hello-http is still stopping; delete the app once they have ended (in a few seconds)",
                delete("/api/apps/hello-http", ada).expect(409).json().path("message").asText());
        db().getCollection(Collections.INSTANCES).updateOne(new Document(InstanceDocument.ID, "hello-http-a"),
                new Document("$set", new Document(InstanceDocument.STATE, "STOPPED")));
        assertEquals("app hello-http has an active schedule, " + scheduleId + "; cancel it first: DELETE /api/apps/hello-http/schedules/" + scheduleId,
                delete("/api/apps/hello-http", ada).expect(409).json().path("message").asText());
        delete("/api/apps/hello-http/schedules/" + scheduleId, ada).expect(200);
        appEvents.clear();

        delete("/api/apps/hello-http", ada).expect(204);

        assertEquals(List.of(), docs(Collections.APPS));
        assertEquals(List.of(), docs(Collections.VERSIONS));
        assertEquals(List.of(), docs(Collections.DEPLOYMENTS));
        assertEquals(List.of(), docs(Collections.SCHEDULES));
        assertEquals(List.of(), artifactFiles());
        assertEquals(AppEvent.Type.APP_DELETED, appEvents.sent().get(0).event().type());
        get("/api/apps/hello-http", ada).expect(404);
        // The name is free again, for anyone.
        upload(bob, ExamplePackages.helloHttp()).expect(201);
    }

    @Test
    void anAdminDeletesADevelopersApp() {
        upload(ada, ExamplePackages.helloHttp()).expect(201);

        delete("/api/apps/hello-http", root).expect(204);

        assertEquals(List.of(), docs(Collections.APPS));
    }

    @Test
    void aServiceDownloadsAnArtifactWithItsLengthAndChecksum() throws Exception {
        byte[] zip = ExamplePackages.helloHttp();
        String sha = upload(ada, zip).expect(201).json().path("sha256").asText();

        Reply reply = get("/api/artifacts/" + sha, agent).expect(200);

        assertArrayEquals(zip, reply.bytes());
        assertEquals("application/zip", reply.headers().get("Content-Type"));
        assertEquals(String.valueOf(zip.length), reply.headers().get("Content-Length"));
        assertEquals(sha, reply.headers().get("X-Plinth-Sha256"));
        assertArrayEquals(zip, get("/api/artifacts/" + sha, root).expect(200).bytes());
    }

    @Test
    void onlyServicesAndAdminsDownloadArtifacts() throws Exception {
        String sha = upload(ada, ExamplePackages.helloHttp()).expect(201).json().path("sha256").asText();

        get("/api/artifacts/" + sha, ada).expect(403);
        get("/api/artifacts/" + sha, null).expect(401);
    }

    @Test
    void aMissingArtifactIs404() {
        assertEquals("artifact " + "ab".repeat(32) + " was not found",
                get("/api/artifacts/" + "ab".repeat(32), agent).expect(404).json().path("message").asText());
        get("/api/artifacts/not-a-sha", agent).expect(404);
    }
}
