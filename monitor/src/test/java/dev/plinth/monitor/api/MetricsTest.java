package dev.plinth.monitor.api;

import com.mongodb.client.MongoDatabase;
import dev.plinth.contracts.events.Alert;
import dev.plinth.contracts.events.NodeHeartbeat;
import dev.plinth.contracts.events.Topics;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.InstanceDocument;
import dev.plinth.monitor.MonitorTestServers;
import dev.plinth.monitor.alerts.AlertStore;
import dev.plinth.monitor.detect.HeartbeatWatch;
import dev.plinth.monitor.metrics.PlatformSummary;
import dev.plinth.testkit.wait.Waits;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** {@code /api/metrics/summary} and {@code /prometheus} of the monitor's context. */
@MicronautTest(environments = {"plinth", "monitor"}, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsTest implements TestPropertyProvider {

    private static final String DATABASE = "metrics-test";

    private final String s = UUID.randomUUID().toString().substring(0, 8);
    private final String node = "mn-" + s;
    private final String admin = MonitorTestServers.token("root-" + s, "ADMIN");
    private final String developer = MonitorTestServers.token("ada-" + s, "DEVELOPER");
    private final String service = MonitorTestServers.token("service:scraper", "SERVICE");

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    JsonMapper json;

    @Inject
    HeartbeatWatch heartbeats;

    @Inject
    AlertStore alerts;

    @Override
    public Map<String, String> getProperties() {
        return MonitorTestServers.get().monitorProperties(DATABASE);
    }

    @BeforeAll
    void platform() throws Exception {
        MongoDatabase db = MonitorTestServers.get().database(DATABASE);
        db.getCollection(Collections.NODES).insertMany(List.of(
                new Document("_id", "n1-" + s).append("state", "READY"),
                new Document("_id", "n2-" + s).append("state", "READY"),
                new Document("_id", "n3-" + s).append("state", "LOST")));
        db.getCollection(Collections.INSTANCES).insertMany(List.of(
                new Document(InstanceDocument.ID, "i1-" + s).append(InstanceDocument.STATE, "HEALTHY")
                        .append(InstanceDocument.DESIRED, InstanceDocument.RUN),
                new Document(InstanceDocument.ID, "i2-" + s).append(InstanceDocument.STATE, "STARTING")
                        .append(InstanceDocument.DESIRED, InstanceDocument.RUN),
                new Document(InstanceDocument.ID, "i3-" + s).append(InstanceDocument.STATE, "EXITED")
                        .append(InstanceDocument.DESIRED, InstanceDocument.RUN),
                new Document(InstanceDocument.ID, "i4-" + s).append(InstanceDocument.STATE, "STOPPED")
                        .append(InstanceDocument.DESIRED, InstanceDocument.STOP)));
        alerts.store(new Alert("a1-" + s, Alert.Kind.NODE_LOST, Alert.Severity.CRITICAL, "node/n3-" + s, null, "silent", Instant.now()), null);
        alerts.store(new Alert("a2-" + s, Alert.Kind.CRASH_LOOP, Alert.Severity.WARNING, "app/x-" + s, "x", "crashing", Instant.now()), null);
        alerts.store(new Alert("a3-" + s, Alert.Kind.CRASH_LOOP, Alert.Severity.WARNING, "app/y-" + s, "y", "crashing", Instant.now()), null);
        alerts.acknowledge("a3-" + s, "root", Instant.now());
        // The monitor reads heartbeats from the moment it joined: beat until it heard one.
        Waits.untilTrue("the monitor to hear node " + node, Duration.ofSeconds(60), () -> {
            publishHeartbeat();
            return heartbeats.nodes().source(node) != null;
        }, () -> "it never did");
    }

    private void publishHeartbeat() {
        try {
            MonitorTestServers.get().publish(Topics.NODE_HEARTBEATS, node, json.writeValueAsBytes(
                    new NodeHeartbeat(node, "agent-1", 1, 2, 0.5, 2048, 300, List.of(), Instant.now())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpStatus statusOf(HttpRequest<?> request) {
        try {
            return http.toBlocking().exchange(request, String.class).getStatus();
        } catch (HttpClientResponseException e) {
            return e.getStatus();
        }
    }

    @Test
    void theSummaryCountsNodesInstancesOpenAlertsAndShowsHeartbeatLag() {
        PlatformSummary.Summary summary = http.toBlocking().retrieve(
                HttpRequest.GET("/api/metrics/summary").bearerAuth(admin), PlatformSummary.Summary.class);
        assertEquals(Map.of("READY", 2L, "DRAINING", 0L, "CORDONED", 0L, "LOST", 1L, "UNKNOWN", 0L), summary.nodes());
        assertEquals(1L, summary.instances().get("HEALTHY"));
        assertEquals(1L, summary.instances().get("STARTING"));
        assertEquals(1L, summary.instances().get("EXITED"), "ended but still wanted: the deployer will replace it");
        assertEquals(0L, summary.instances().get("STOPPED"), "history is left out");
        assertEquals(0L, summary.instances().get("PENDING"));
        assertEquals(2, summary.alerts().total(), "the acknowledged one is not open");
        assertEquals(1L, summary.alerts().byKind().get("NODE_LOST"));
        assertEquals(1L, summary.alerts().byKind().get("CRASH_LOOP"));
        assertEquals(0L, summary.alerts().byKind().get("SENSOR_SILENT"));
        assertEquals(1L, summary.alerts().bySeverity().get("CRITICAL"));
        PlatformSummary.Heartbeat beat = summary.nodeHeartbeats().stream().filter(h -> h.name().equals(node)).findFirst()
                .orElseThrow(() -> new AssertionError("no heartbeat of " + node + " in " + summary.nodeHeartbeats()));
        assertNotNull(beat.lagSeconds());
        assertNotNull(beat.lastSentAt());
        assertTrue(beat.healthy());
    }

    @Test
    void theSummaryIsForAdmins() {
        assertEquals(HttpStatus.FORBIDDEN, statusOf(HttpRequest.GET("/api/metrics/summary").bearerAuth(developer)));
        assertEquals(HttpStatus.UNAUTHORIZED, statusOf(HttpRequest.GET("/api/metrics/summary")));
    }

    @Test
    void prometheusNeedsAnAdminOrServiceToken() {
        assertEquals(HttpStatus.UNAUTHORIZED, statusOf(HttpRequest.GET("/prometheus")));
        assertEquals(HttpStatus.UNAUTHORIZED, statusOf(HttpRequest.GET("/prometheus").bearerAuth("not-a-token")));
        assertEquals(HttpStatus.FORBIDDEN, statusOf(HttpRequest.GET("/prometheus").bearerAuth(developer)));
        assertEquals(HttpStatus.OK, statusOf(HttpRequest.GET("/prometheus").bearerAuth(service)));
        assertEquals(HttpStatus.OK, statusOf(HttpRequest.GET("/prometheus").bearerAuth(admin)));
    }

    @Test
    void prometheusShowsTheMonitorsMetersTaggedWithTheSubsystem() {
        String text = http.toBlocking().retrieve(HttpRequest.GET("/prometheus").bearerAuth(admin), String.class);
        assertEquals(1.0, value(text, "plinth_alerts_open", Map.of("kind", "NODE_LOST", "subsystem", "monitor")), text);
        assertEquals(1.0, value(text, "plinth_alerts_open", Map.of("kind", "CRASH_LOOP", "subsystem", "monitor")), text);
        assertEquals(0.0, value(text, "plinth_alerts_open", Map.of("kind", "SENSOR_SILENT", "subsystem", "monitor")), text);
        assertTrue(value(text, "plinth_heartbeat_lag_seconds", Map.of("source", "node", "name", node, "subsystem", "monitor")) >= -60,
                "a lag for the node");
        assertEquals(0.0, value(text, "plinth_alerts_webhook_total", Map.of("outcome", "delivered", "subsystem", "monitor")));
        for (String line : text.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                assertTrue(line.contains("subsystem=\"monitor\""), "every meter carries its subsystem: " + line);
            }
        }
    }

    /** The value of the sample with this name and (at least) these labels. */
    private static double value(String text, String name, Map<String, String> labels) {
        Pattern sample = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)$", Pattern.MULTILINE);
        Matcher m = sample.matcher(text);
        while (m.find()) {
            String found = m.group(1);
            if (labels.entrySet().stream().allMatch(l -> found.contains(l.getKey() + "=\"" + l.getValue() + "\""))) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError("no sample " + name + labels);
    }

    @Test
    void aServiceTokenIsNoAdminForTheSummary() {
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                () -> http.toBlocking().retrieve(HttpRequest.GET("/api/metrics/summary").bearerAuth(service), String.class));
        assertEquals(HttpStatus.FORBIDDEN, e.getStatus(), "a service token is no admin's either");
    }
}
