package dev.plinth.monitor.api;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import com.sun.net.httpserver.HttpServer;
import dev.plinth.contracts.events.Alert;
import dev.plinth.contracts.events.Alert.Kind;
import dev.plinth.contracts.events.Alert.Severity;
import dev.plinth.contracts.events.Topics;
import dev.plinth.contracts.state.AppDocument;
import dev.plinth.contracts.state.Collections;
import dev.plinth.kit.errors.ApiError;
import dev.plinth.monitor.MonitorTestServers;
import dev.plinth.monitor.alerts.AlertView;
import dev.plinth.monitor.alerts.StoredAlert;
import dev.plinth.testkit.wait.Waits;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Alerts end to end: published on a real Kafka broker, stored in MongoDB with their owner, folded
 * into open alerts, posted to a webhook, and listed and acknowledged through the API by admins and
 * developers, each seeing what is theirs.
 */
@MicronautTest(environments = {"plinth", "monitor"}, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertsApiTest implements TestPropertyProvider {

    private static final String DATABASE = "alerts-api-test";

    private final String s = UUID.randomUUID().toString().substring(0, 8);
    private final String alpha = "alpha-" + s;
    private final String beta = "beta-" + s;
    private final String ada = "ada-" + s;
    private final String bob = "bob-" + s;
    private final String admin = MonitorTestServers.token("root-" + s, "ADMIN");
    private final String adaToken = MonitorTestServers.token(ada, "DEVELOPER");
    private final String bobToken = MonitorTestServers.token(bob, "DEVELOPER");
    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
    private final Queue<byte[]> posted = new ConcurrentLinkedQueue<>();
    private HttpServer hook;

    private final Alert crash1 = alert(Kind.CRASH_LOOP, Severity.WARNING, "app/" + alpha, alpha, 0, "4 failures");
    private final Alert crash2 = alert(Kind.CRASH_LOOP, Severity.WARNING, "app/" + alpha, alpha, 10, "5 failures");
    private final Alert rollout = alert(Kind.ROLLOUT_FAILED, Severity.WARNING, "app/" + beta, beta, 20, "version 2 failed");
    private final Alert lost = alert(Kind.NODE_LOST, Severity.CRITICAL, "node/n-" + s, null, 30, "node silent");
    private final Alert device = alert(Kind.UNREGISTERED_DEVICE, Severity.WARNING, "device/d-" + s, null, 40, "unknown device d");

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    JsonMapper json;

    private boolean published;

    private Alert alert(Kind kind, Severity severity, String subject, String app, int second, String message) {
        return new Alert(UUID.randomUUID().toString(), kind, severity, subject, app, message, t0.plusSeconds(second));
    }

    @Override
    public Map<String, String> getProperties() {
        try {
            hook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        hook.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                posted.add(in.readAllBytes());
            }
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        hook.start();
        Map<String, String> p = new java.util.HashMap<>(MonitorTestServers.get().monitorProperties(DATABASE));
        p.put("plinth.alerts.webhook-url", "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook");
        return p;
    }

    @AfterAll
    void stopHook() {
        if (hook != null) {
            hook.stop(0);
        }
    }

    @BeforeAll
    void apps() {
        MongoCollection<Document> apps = MonitorTestServers.get().database(DATABASE).getCollection(Collections.APPS);
        apps.replaceOne(new Document(AppDocument.ID, alpha), new Document(AppDocument.OWNER, ada), new ReplaceOptions().upsert(true));
        apps.replaceOne(new Document(AppDocument.ID, beta), new Document(AppDocument.OWNER, bob), new ReplaceOptions().upsert(true));
    }

    private void publish(Alert alert, String... headers) {
        try {
            MonitorTestServers.get().publish(Topics.ALERTS, alert.subject(), json.writeValueAsBytes(alert), headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Publishes the fixture once, with a record that is no alert among it, and waits until it is stored. */
    private synchronized void fixture() {
        if (published) {
            return;
        }
        publish(crash1);
        MonitorTestServers.get().publishText(Topics.ALERTS, "junk", List.of("this is no alert", "{\"kind\":\"NODE_LOST\"}"));
        publish(crash2);
        publish(rollout);
        publish(lost);
        publish(device);
        awaitAlerts(admin, "limit=1000", list -> ours(list).size() == 4 && ours(list).stream().anyMatch(a -> a.count() == 2));
        published = true;
    }

    private Set<String> subjects() {
        return Set.of(crash1.subject(), rollout.subject(), lost.subject(), device.subject());
    }

    private List<AlertView> ours(AlertList list) {
        return list.alerts().stream().filter(a -> subjects().contains(a.subject())).toList();
    }

    private AlertView ourOne(AlertList list, String subject) {
        return list.alerts().stream().filter(a -> a.subject().equals(subject)).findFirst()
                .orElseThrow(() -> new AssertionError("no alert about " + subject + " in " + list));
    }

    private <T> MutableHttpRequest<T> as(String token, MutableHttpRequest<T> request) {
        return request.bearerAuth(token);
    }

    private AlertList list(String token, String query) {
        return http.toBlocking().retrieve(as(token, HttpRequest.GET("/api/alerts?" + query)), AlertList.class);
    }

    private AlertList awaitAlerts(String token, String query, Predicate<AlertList> done) {
        AtomicReference<AlertList> last = new AtomicReference<>();
        return Waits.until("alerts answering " + query, Duration.ofSeconds(60), () -> {
            AlertList list = list(token, query);
            last.set(list);
            return done.test(list) ? list : null;
        }, () -> "the last answer: " + last.get());
    }

    private HttpClientResponseException refused(HttpRequest<?> request) {
        return assertThrows(HttpClientResponseException.class, () -> http.toBlocking().exchange(request, String.class));
    }

    private ApiError error(HttpClientResponseException e) {
        return e.getResponse().getBody(ApiError.class).orElseThrow();
    }

    @Test
    void alertsAreStoredWithTheirOwnerAndRepeatsAreCounted() {
        fixture();
        AlertList all = list(admin, "limit=1000");
        AlertView crash = ourOne(all, crash1.subject());
        assertEquals(crash1.alertId(), crash.id());
        assertEquals(2, crash.count());
        assertEquals("5 failures", crash.message(), "the latest repeat's message");
        assertEquals(crash1.timestamp(), crash.raisedAt());
        assertEquals(crash2.timestamp(), crash.lastAt());
        assertEquals(ada, crash.owner());
        assertEquals(crash.acknowledged() ? StoredAlert.Status.ACKNOWLEDGED : StoredAlert.Status.OPEN, crash.status());
        assertEquals(null, crash.resolvedAt());
        assertEquals(bob, ourOne(all, rollout.subject()).owner());
        assertEquals(null, ourOne(all, lost.subject()).owner());
        assertEquals(Kind.UNREGISTERED_DEVICE, ourOne(all, device.subject()).kind());
    }

    @Test
    void eachNewAlertIsPostedToTheWebhookOnce() throws Exception {
        fixture();
        Waits.untilTrue("four posts to the webhook", Duration.ofSeconds(30), () -> posts().size() >= 4, () -> "posts: " + posts());
        Map<String, Long> bySubject = posts().stream().collect(Collectors.groupingBy(AlertView::subject, Collectors.counting()));
        assertEquals(Map.of(crash1.subject(), 1L, rollout.subject(), 1L, lost.subject(), 1L, device.subject(), 1L), bySubject);
    }

    private List<AlertView> posts() {
        List<AlertView> views = new java.util.ArrayList<>();
        for (byte[] body : posted) {
            AlertView view;
            try {
                view = json.readValue(body, AlertView.class);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (subjects().contains(view.subject())) {
                views.add(view);
            }
        }
        return views;
    }

    @Test
    void aDeveloperSeesOnlyTheAlertsOfTheirApps() {
        fixture();
        AlertList adas = list(adaToken, "limit=1000");
        assertFalse(adas.alerts().isEmpty());
        assertTrue(adas.alerts().stream().allMatch(a -> alpha.equals(a.app())), "only alpha's alerts: " + adas);
        assertEquals(1, list(adaToken, "app=" + alpha + "&kind=CRASH_LOOP").alerts().size());
        assertEquals(List.of(alpha), list(adaToken, "kind=crash_loop").alerts().stream().map(AlertView::app).distinct().toList());
        assertEquals(List.of(), list(adaToken, "kind=ROLLOUT_FAILED").alerts(), "bob's failed rollout is not ada's");

        HttpClientResponseException otherApp = refused(as(adaToken, HttpRequest.GET("/api/alerts?app=" + beta)));
        assertEquals(HttpStatus.NOT_FOUND, otherApp.getStatus());
        assertEquals("no app named '" + beta + "'", error(otherApp).message());
        HttpClientResponseException platform = refused(as(adaToken, HttpRequest.GET("/api/alerts?kind=NODE_LOST")));
        assertEquals(HttpStatus.FORBIDDEN, platform.getStatus());

        AlertView bobs = ourOne(list(admin, "limit=1000"), rollout.subject());
        HttpClientResponseException hidden = refused(as(adaToken, HttpRequest.GET("/api/alerts/" + bobs.id())));
        HttpClientResponseException missing = refused(as(adaToken, HttpRequest.GET("/api/alerts/no-such-alert")));
        assertEquals(HttpStatus.NOT_FOUND, hidden.getStatus());
        assertEquals(HttpStatus.NOT_FOUND, missing.getStatus());
        assertEquals("no alert with id '" + bobs.id() + "'", error(hidden).message(), "another's alert answers as a missing one");
        AlertView nodeAlert = ourOne(list(admin, "limit=1000"), lost.subject());
        assertEquals(HttpStatus.NOT_FOUND, refused(as(adaToken, HttpRequest.GET("/api/alerts/" + nodeAlert.id()))).getStatus());
        assertEquals(HttpStatus.OK, http.toBlocking().exchange(as(admin, HttpRequest.GET("/api/alerts/" + nodeAlert.id())), AlertView.class).getStatus());
    }

    @Test
    void anAppNameTakenAfterADeleteShowsNoneOfTheEarlierAppsAlerts() {
        String reused = "reused-" + s;
        // Developers of their own, so no earlier answer about their apps is cached.
        String dora = "dora-" + s;
        String carl = "carl-" + s;
        String carlToken = MonitorTestServers.token(carl, "DEVELOPER");
        MongoCollection<Document> apps = MonitorTestServers.get().database(DATABASE).getCollection(Collections.APPS);
        apps.replaceOne(new Document(AppDocument.ID, reused), new Document(AppDocument.OWNER, dora), new ReplaceOptions().upsert(true));
        publish(alert(Kind.CRASH_LOOP, Severity.WARNING, "app/" + reused, reused, 50, "dora's app crashed"));
        AlertView adas = awaitAlerts(MonitorTestServers.token(dora, "DEVELOPER"), "app=" + reused, list -> list.alerts().size() == 1).alerts().get(0);
        assertEquals(dora, adas.owner());

        // Dora deletes the app; carl uploads one of the same name.
        apps.replaceOne(new Document("_id", reused), new Document("owner", carl), new ReplaceOptions().upsert(true));
        assertEquals(List.of(), list(carlToken, "app=" + reused).alerts());
        assertEquals(List.of(), list(carlToken, "limit=1000").alerts());
        assertEquals(HttpStatus.NOT_FOUND, refused(as(carlToken, HttpRequest.GET("/api/alerts/" + adas.id()))).getStatus());
        assertEquals(HttpStatus.NOT_FOUND, refused(as(carlToken, HttpRequest.POST("/api/alerts/" + adas.id() + "/ack", ""))).getStatus());

        // Carl's own app crashing is carl's alert, not a repeat of ada's.
        publish(alert(Kind.CRASH_LOOP, Severity.WARNING, "app/" + reused, reused, 55, "carl's app crashed"));
        AlertList carls = awaitAlerts(carlToken, "app=" + reused, list -> list.alerts().size() == 1);
        assertEquals("carl's app crashed", carls.alerts().get(0).message());
        assertEquals(1, carls.alerts().get(0).count());
        AlertView adasAfter = list(admin, "app=" + reused).alerts().stream().filter(a -> a.id().equals(adas.id())).findFirst().orElseThrow();
        assertFalse(adasAfter.acknowledged(), "carl's attempt changed nothing");
        assertEquals(2, list(admin, "app=" + reused).alerts().size());
    }

    @Test
    void ownersAndAdminsAcknowledgeOthersGet404() {
        fixture();
        AlertView crash = ourOne(list(admin, "limit=1000"), crash1.subject());
        HttpClientResponseException bobTries = refused(as(bobToken, HttpRequest.POST("/api/alerts/" + crash.id() + "/ack", "")));
        assertEquals(HttpStatus.NOT_FOUND, bobTries.getStatus());

        AlertView acked = http.toBlocking().retrieve(as(adaToken, HttpRequest.POST("/api/alerts/" + crash.id() + "/ack", "")), AlertView.class);
        assertTrue(acked.acknowledged());
        assertEquals(ada, acked.acknowledgedBy());
        assertNotNull(acked.acknowledgedAt());
        assertEquals(StoredAlert.Status.ACKNOWLEDGED, acked.status());
        assertTrue(list(adaToken, "open=true").alerts().stream().noneMatch(a -> a.id().equals(crash.id())));
        assertTrue(list(adaToken, "open=false").alerts().stream().anyMatch(a -> a.id().equals(crash.id())));

        AlertView deviceAlert = ourOne(list(admin, "limit=1000"), device.subject());
        assertEquals(HttpStatus.NOT_FOUND, refused(as(adaToken, HttpRequest.POST("/api/alerts/" + deviceAlert.id() + "/ack", ""))).getStatus(),
                "device alerts are for admins");
        AlertView byAdmin = http.toBlocking().retrieve(as(admin, HttpRequest.POST("/api/alerts/" + deviceAlert.id() + "/ack", "")), AlertView.class);
        assertTrue(byAdmin.acknowledged());
        assertEquals(HttpStatus.NOT_FOUND, refused(as(admin, HttpRequest.POST("/api/alerts/nope/ack", ""))).getStatus());
    }

    @Test
    void aResolutionRecordResolvesTheOpenAlert() {
        fixture();
        Alert resolution = new Alert(UUID.randomUUID().toString(), Kind.NODE_LOST, Severity.INFO, lost.subject(), null,
                "node heartbeats again", t0.plusSeconds(50));
        publish(resolution, Alert.RESOLVES_HEADER, "true");
        AlertList list = awaitAlerts(admin, "kind=NODE_LOST&limit=1000",
                l -> ourOne(l, lost.subject()).resolvedAt() != null);
        AlertView resolved = ourOne(list, lost.subject());
        assertEquals(StoredAlert.Status.RESOLVED, resolved.status());
        assertEquals(resolution.timestamp(), resolved.resolvedAt());
        assertEquals("node heartbeats again", resolved.resolution());
        assertEquals(1, resolved.count(), "a resolution is no repeat");
        assertTrue(list(admin, "open=true&limit=1000").alerts().stream().noneMatch(a -> a.subject().equals(lost.subject())));
    }

    @Test
    void invalidParametersAreListedAndWrongCallersRefused() {
        HttpClientResponseException bad = refused(as(admin, HttpRequest.GET("/api/alerts?open=maybe&kind=FIRE&app=No_Such&limit=0")));
        assertEquals(HttpStatus.BAD_REQUEST, bad.getStatus());
        assertEquals(Set.of("open", "kind", "app", "limit"),
                error(bad).problems().stream().map(p -> p.path()).collect(Collectors.toSet()));

        assertEquals(HttpStatus.UNAUTHORIZED, refused(HttpRequest.GET("/api/alerts")).getStatus());
        assertEquals(HttpStatus.UNAUTHORIZED, refused(HttpRequest.POST("/api/alerts/x/ack", "")).getStatus());
        assertEquals(HttpStatus.FORBIDDEN, refused(as(MonitorTestServers.token("service:x", "SERVICE"), HttpRequest.GET("/api/alerts"))).getStatus());
    }
}
