package dev.plinth.monitor.detect;

import com.mongodb.client.MongoDatabase;
import dev.plinth.contracts.events.Alert;
import dev.plinth.contracts.events.DeploymentEvent;
import dev.plinth.contracts.events.InstanceState;
import dev.plinth.contracts.events.InstanceStatus;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.DeviceDocument;
import dev.plinth.kit.heartbeat.KafkaLink;
import dev.plinth.monitor.MonitorTestServers;
import dev.plinth.monitor.alerts.AlertStore;
import io.micronaut.context.ApplicationContext;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The watches around the rules, with a recording Kafka client in place of Kafka. */
class WatchesTest {

    /** Records what would have been published; refuses everything while {@code down}. */
    static final class RecordingClient implements AlertClient {
        final List<Alert> raised = new ArrayList<>();
        final List<Alert> resolved = new ArrayList<>();
        boolean down;

        @Override
        public void raise(String subject, Alert alert) {
            if (down) {
                throw new IllegalStateException("Kafka is away");
            }
            assertEquals(alert.subject(), subject);
            raised.add(alert);
        }

        @Override
        public void resolve(String subject, Alert alert, String resolves) {
            if (down) {
                throw new IllegalStateException("Kafka is away");
            }
            assertEquals("true", resolves);
            resolved.add(alert);
        }
    }

    private final RecordingClient client = new RecordingClient();
    private final AlertPublisher publisher = new AlertPublisher(client, new KafkaLink());
    private final DetectorSettings settings = new DetectorSettings(Duration.ofSeconds(10), Duration.ofSeconds(10), 2,
            Duration.ofMinutes(5), 3, Duration.ofSeconds(10), Duration.ofSeconds(5));

    private static InstanceStatus failure(String app, String instance, InstanceState state, Instant at) {
        return new InstanceStatus(UUID.randomUUID().toString(), instance, "node-1", app, "d-1", "1.0.0", 1, state,
                "127.0.0.1", 21000, state == InstanceState.EXITED ? 1 : null, "boom", at);
    }

    @Test
    void crashLoopCountsEachReportOnceAndNamesTheLastFailure() {
        CrashLoopWatch watch = new CrashLoopWatch(settings, publisher);
        Instant at = Instant.now();
        InstanceStatus first = failure("shaky", "shaky-1", InstanceState.EXITED, at);
        watch.receive(first);
        watch.receive(first);
        watch.receive(failure("shaky", "shaky-1", InstanceState.EXITED, at));
        watch.receive(failure("shaky", "shaky-2", InstanceState.HEALTHY, at));
        watch.receive(failure("shaky", "shaky-2", InstanceState.STOPPED, at));
        assertEquals(List.of(), client.raised, "a repeated report, a healthy one and a stop are no failures");

        watch.receive(failure("shaky", "shaky-2", InstanceState.UNHEALTHY, at.plusSeconds(1)));
        assertEquals(List.of(), client.raised, "two failures are the threshold");
        watch.receive(failure("shaky", "shaky-3", InstanceState.FAILED, at.plusSeconds(2)));
        assertEquals(1, client.raised.size());
        Alert alert = client.raised.get(0);
        assertEquals(Alert.Kind.CRASH_LOOP, alert.kind());
        assertEquals(Alert.Severity.WARNING, alert.severity());
        assertEquals("app/shaky", alert.subject());
        assertEquals("shaky", alert.app());
        assertEquals("app shaky: 3 instance failures within 5 min; the last: instance shaky-3 on node node-1 FAILED: boom",
                alert.message());

        watch.receive(failure("shaky", "shaky-4", InstanceState.EXITED, at.plusSeconds(3)));
        assertEquals(1, client.raised.size(), "one raise per run of failures");
        watch.receive(failure("steady", "steady-1", InstanceState.EXITED, at));
        assertEquals(1, client.raised.size(), "other apps count apart");
    }

    @Test
    void aCrashLoopThatCouldNotBePublishedIsRaisedAtTheNextSweep() {
        CrashLoopWatch watch = new CrashLoopWatch(settings, publisher);
        Instant at = Instant.now();
        client.down = true;
        for (int i = 0; i < 3; i++) {
            watch.receive(failure("flaky", "flaky-" + i, InstanceState.EXITED, at.plusSeconds(i)));
        }
        assertEquals(List.of(), client.raised);
        client.down = false;
        watch.sweep();
        assertEquals(1, client.raised.size());
        watch.sweep();
        assertEquals(1, client.raised.size());
    }

    @Test
    void aFailedRolloutRaisesWithItsReasonAndASuccessfulOneResolves() {
        CrashLoopWatch crashLoops = new CrashLoopWatch(settings, publisher);
        DeploymentWatch watch = new DeploymentWatch(publisher, crashLoops);
        Instant at = Instant.parse("2026-11-22T12:00:00Z");
        watch.receive(new DeploymentEvent("e1", DeploymentEvent.Type.DESIRED, "d-1", "web", "2.0.0", 2, 3, null, at));
        watch.receive(new DeploymentEvent("e2", DeploymentEvent.Type.FAILED, "d-1", "web", "2.0.0", 2, 3,
                "version 2.0.0 failed: instance web-x on node node-2: exited 1; rolled back to 1.0.0", at));
        assertEquals(1, client.raised.size());
        Alert raised = client.raised.get(0);
        assertEquals(Alert.Kind.ROLLOUT_FAILED, raised.kind());
        assertEquals("app/web", raised.subject());
        assertEquals("version 2.0.0 failed: instance web-x on node node-2: exited 1; rolled back to 1.0.0", raised.message());
        assertEquals(at, raised.timestamp());

        watch.receive(new DeploymentEvent("e3", DeploymentEvent.Type.FAILED, "d-1", "web", "3.0.0", 2, 5, null, at));
        assertEquals("the rollout of version 3.0.0 failed", client.raised.get(1).message());

        watch.receive(new DeploymentEvent("e4", DeploymentEvent.Type.ROLLED_OUT, "d-1", "web", "3.0.1", 2, 6, null, at));
        assertEquals(List.of(Alert.Kind.ROLLOUT_FAILED, Alert.Kind.CRASH_LOOP), client.resolved.stream().map(Alert::kind).toList());
        assertTrue(client.resolved.stream().allMatch(a -> a.subject().equals("app/web") && a.severity() == Alert.Severity.INFO));

        client.down = true;
        assertThrows(IllegalStateException.class, () -> watch.receive(
                new DeploymentEvent("e5", DeploymentEvent.Type.FAILED, "d-1", "web", "4.0.0", 2, 7, "broken", at)),
                "an event whose alert cannot be published is polled again");
    }

    @Test
    void sensorsSilentLongerThanAllowedAreRaisedAndResolvedWhenSeenOrGone() {
        String database = "sensor-watch-" + UUID.randomUUID();
        MongoDatabase db = MonitorTestServers.get().database(database);
        try (ApplicationContext repositories = MonitorTestServers.get().repositories(database)) {
            AlertStore store = MonitorTestServers.alertStore(repositories);
            Instant now = Instant.now();
            db.getCollection(Collections.DEVICES).insertMany(List.of(
                    new Document(DeviceDocument.ID, "quiet").append(DeviceDocument.KIND, DeviceDocument.SENSOR).append(DeviceDocument.EXPECTED_PERIOD_SECONDS, 1)
                            .append(DeviceDocument.LAST_SEEN_AT, Date.from(now.minus(Duration.ofHours(1)))),
                    new Document(DeviceDocument.ID, "lively").append(DeviceDocument.KIND, DeviceDocument.SENSOR).append(DeviceDocument.EXPECTED_PERIOD_SECONDS, 60)
                            .append(DeviceDocument.LAST_SEEN_AT, Date.from(now)),
                    new Document(DeviceDocument.ID, "never").append(DeviceDocument.KIND, DeviceDocument.SENSOR).append(DeviceDocument.EXPECTED_PERIOD_SECONDS, 1),
                    new Document(DeviceDocument.ID, "buzzer").append(DeviceDocument.KIND, DeviceDocument.CONTROLLER).append(DeviceDocument.EXPECTED_PERIOD_SECONDS, 1)
                            .append(DeviceDocument.LAST_SEEN_AT, Date.from(now.minus(Duration.ofHours(1))))));
            // Alerted before this monitor started; the device is gone since.
            store.store(new Alert("old", Alert.Kind.SENSOR_SILENT, Alert.Severity.WARNING, "device/gone", null, "silent",
                    now.minus(Duration.ofHours(2))), null);

            SensorWatch watch = new SensorWatch(MonitorTestServers.get().mongoClient().getDatabase(database), settings, publisher, store);
            watch.check();
            assertEquals(List.of("device/quiet"), client.raised.stream().map(Alert::subject).toList());
            assertTrue(client.raised.get(0).message().startsWith("sensor quiet sent nothing for "), client.raised.get(0).message());
            assertEquals(List.of("device/gone"), client.resolved.stream().map(Alert::subject).toList());
            assertEquals("device gone is no longer registered", client.resolved.get(0).message());

            watch.check();
            assertEquals(1, client.raised.size(), "raised once");

            db.getCollection(Collections.DEVICES).updateOne(new Document(DeviceDocument.ID, "quiet"), new Document("$set", new Document(DeviceDocument.LAST_SEEN_AT, Date.from(Instant.now()))));
            watch.check();
            assertEquals(List.of("device/gone", "device/quiet"), client.resolved.stream().map(Alert::subject).toList());
            assertEquals("sensor quiet sends again", client.resolved.get(1).message());
        }
    }
}
