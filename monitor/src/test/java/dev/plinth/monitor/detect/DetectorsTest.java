package dev.plinth.monitor.detect;

import com.mongodb.client.MongoCollection;
import dev.plinth.contracts.events.Alert.Kind;
import dev.plinth.contracts.events.Alert.Severity;
import dev.plinth.contracts.events.DeploymentEvent;
import dev.plinth.contracts.events.InstanceState;
import dev.plinth.contracts.events.InstanceStatus;
import dev.plinth.contracts.events.NodeHeartbeat;
import dev.plinth.contracts.events.SubsystemHeartbeat;
import dev.plinth.contracts.events.Topics;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.DeviceDocument;
import dev.plinth.monitor.MonitorTestServers;
import dev.plinth.monitor.alerts.AlertQuery;
import dev.plinth.monitor.alerts.AlertStore;
import dev.plinth.monitor.alerts.StoredAlert;
import dev.plinth.testkit.wait.Waits;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Each detector end to end: events on a real Kafka broker (or documents in MongoDB) raise alerts
 * that go through {@code platform.alerts} into the store, and recoveries resolve them. The thresholds
 * are short here; the test only waits for outcomes, it never measures time.
 */
@MicronautTest(environments = {"plinth", "monitor"}, transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DetectorsTest implements TestPropertyProvider {

    private static final String DATABASE = "detectors-test";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final String s = UUID.randomUUID().toString().substring(0, 8);

    @Inject
    AlertStore store;

    @Inject
    HeartbeatWatch heartbeats;

    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(MonitorTestServers.get().monitorProperties(DATABASE));
        p.put("plinth.monitor.node-lost-after", "2s");
        p.put("plinth.monitor.subsystem-silent-after", "2s");
        p.put("plinth.monitor.crash-loop-failures", "2");
        p.put("plinth.monitor.crash-loop-window", "1m");
        p.put("plinth.monitor.sensor-silent-periods", "1");
        p.put("plinth.monitor.sensor-silent-min", "1s");
        p.put("plinth.monitor.sensor-check-interval", "300ms");
        return p;
    }

    private void publish(String topic, String key, Object event) {
        try {
            MonitorTestServers.get().publish(topic, key, json.writeValueAsBytes(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<StoredAlert> alert(Kind kind, String subject) {
        return store.find(new AlertQuery(null, kind, null, null, 1000)).stream().filter(a -> a.subject().equals(subject)).findFirst();
    }

    /** Runs {@code step} every 200 ms until the alert satisfies {@code done}; returns it. */
    private StoredAlert until(Kind kind, String subject, Predicate<StoredAlert> done, Runnable step) {
        return Waits.until(kind + " " + subject, WAIT, () -> {
            step.run();
            return alert(kind, subject).filter(done).orElse(null);
        }, () -> "it is " + alert(kind, subject));
    }

    private NodeHeartbeat nodeBeat(String node) {
        return new NodeHeartbeat(node, "agent-1", 1, 2, 0.1, 2048, 100, List.of(), Instant.now());
    }

    private SubsystemHeartbeat subsystemBeat(String name, boolean healthy) {
        return new SubsystemHeartbeat(name, "p-1", 1, healthy, "http://127.0.0.1:1", Instant.now());
    }

    @Test
    void aSilentNodeIsLostAndResolvedWhenItHeartbeatsAgain() {
        String node = "node-" + s;
        // The monitor reads heartbeats from the moment it joined: beat until it heard one, then fall silent.
        Waits.untilTrue("the monitor to hear node " + node, WAIT, () -> {
            publish(Topics.NODE_HEARTBEATS, node, nodeBeat(node));
            return heartbeats.nodes().source(node) != null;
        }, () -> "it never did");
        StoredAlert lost = until(Kind.NODE_LOST, "node/" + node, a -> a.resolvedAt() == null, () -> { });
        assertEquals(Severity.CRITICAL, lost.severity());
        assertTrue(lost.message().startsWith("node " + node + " sent no heartbeat for "), lost.message());

        StoredAlert resolved = until(Kind.NODE_LOST, "node/" + node, a -> a.resolvedAt() != null,
                () -> publish(Topics.NODE_HEARTBEATS, node, nodeBeat(node)));
        assertEquals(lost.id(), resolved.id());
        assertEquals("node " + node + " heartbeats again", resolved.resolution());
    }

    @Test
    void aSubsystemReportingItselfUnhealthyIsDownUntilHealthyAgain() {
        String name = "sub-" + s;
        StoredAlert down = until(Kind.SUBSYSTEM_DOWN, "subsystem/" + name, a -> a.resolvedAt() == null,
                () -> publish(Topics.SUBSYSTEM_HEARTBEATS, name, subsystemBeat(name, false)));
        assertTrue(down.message().startsWith("subsystem " + name + " reports failing health checks for "), down.message());
        assertEquals(Severity.CRITICAL, down.severity());

        StoredAlert resolved = until(Kind.SUBSYSTEM_DOWN, "subsystem/" + name, a -> a.resolvedAt() != null,
                () -> publish(Topics.SUBSYSTEM_HEARTBEATS, name, subsystemBeat(name, true)));
        assertEquals("subsystem " + name + " is healthy again", resolved.resolution());
    }

    @Test
    void crashingInstancesRaiseACrashLoopAndAFailedRolloutItsReasonUntilARolloutSucceeds() {
        String app = "app-" + s;
        int[] next = {0};
        StoredAlert loop = until(Kind.CRASH_LOOP, "app/" + app, a -> a.resolvedAt() == null, () -> {
            String instance = app + "-" + next[0]++;
            publish(Topics.INSTANCE_STATUS, instance, new InstanceStatus(UUID.randomUUID().toString(), instance, "node-1", app,
                    "d-" + s, "1.0.0", 1, InstanceState.EXITED, "127.0.0.1", 21000, 3, "crashed", Instant.now()));
        });
        assertEquals(Severity.WARNING, loop.severity());
        assertEquals(app, loop.app());

        String reason = "version 1.0.0 never became healthy: instance " + app + "-0 on node node-1: exited 3";
        StoredAlert failed = until(Kind.ROLLOUT_FAILED, "app/" + app, a -> a.resolvedAt() == null,
                () -> publish(Topics.DEPLOYMENT_EVENTS, "d-" + s, new DeploymentEvent(UUID.randomUUID().toString(),
                        DeploymentEvent.Type.FAILED, "d-" + s, app, "1.0.0", 2, 1, reason, Instant.now())));
        assertEquals(reason, failed.message());

        publish(Topics.DEPLOYMENT_EVENTS, "d-" + s, new DeploymentEvent(UUID.randomUUID().toString(),
                DeploymentEvent.Type.ROLLED_OUT, "d-" + s, app, "1.0.1", 2, 2, null, Instant.now()));
        assertEquals("version 1.0.1 rolled out: every instance is healthy",
                until(Kind.ROLLOUT_FAILED, "app/" + app, a -> a.resolvedAt() != null, () -> { }).resolution());
        until(Kind.CRASH_LOOP, "app/" + app, a -> a.resolvedAt() != null, () -> { });
    }

    @Test
    void aSilentSensorIsRaisedAndResolvedOnceItIsSeenAgain() {
        String id = "car-" + s;
        MongoCollection<Document> devices = MonitorTestServers.get().database(DATABASE).getCollection(Collections.DEVICES);
        devices.insertOne(new Document(DeviceDocument.ID, id).append(DeviceDocument.KIND, DeviceDocument.SENSOR).append(DeviceDocument.TYPE, "vehicle-speed")
                .append(DeviceDocument.EXPECTED_PERIOD_SECONDS, 1).append(DeviceDocument.LAST_SEEN_AT, Date.from(Instant.now().minus(Duration.ofMinutes(1)))));
        StoredAlert silent = until(Kind.SENSOR_SILENT, "device/" + id, a -> a.resolvedAt() == null, () -> { });
        assertTrue(silent.message().startsWith("sensor " + id + " sent nothing for "), silent.message());

        StoredAlert resolved = until(Kind.SENSOR_SILENT, "device/" + id, a -> a.resolvedAt() != null,
                () -> devices.updateOne(new Document(DeviceDocument.ID, id), new Document("$set", new Document(DeviceDocument.LAST_SEEN_AT, new Date()))));
        assertEquals("sensor " + id + " sends again", resolved.resolution());
    }
}
