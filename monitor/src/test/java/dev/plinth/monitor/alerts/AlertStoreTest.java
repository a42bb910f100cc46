package dev.plinth.monitor.alerts;

import dev.plinth.contracts.events.Alert;
import dev.plinth.contracts.events.Alert.Kind;
import dev.plinth.contracts.events.Alert.Severity;
import dev.plinth.monitor.MonitorTestServers;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.plinth.contracts.state.Collections;
import io.micronaut.context.ApplicationContext;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlertStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");

    private ApplicationContext repositories;
    private AlertStore store;

    @BeforeEach
    void freshDatabase() {
        String database = "alert-store-" + UUID.randomUUID();
        repositories = MonitorTestServers.get().repositories(database);
        store = MonitorTestServers.alertStore(repositories);
    }

    @AfterEach
    void close() {
        repositories.close();
    }

    private static Alert alert(Kind kind, String subject, String app, int second, String message) {
        return new Alert(UUID.randomUUID().toString(), kind, Severity.WARNING, subject, app, message, T0.plusSeconds(second));
    }

    private List<StoredAlert> all() {
        return store.find(new AlertQuery(null, null, null, null, 100));
    }

    @Test
    void aRepeatOfAnOpenAlertCountsInsteadOfAddingOne() {
        Alert first = alert(Kind.CRASH_LOOP, "app/a", "a", 0, "4 failures");
        assertEquals(AlertStore.Stored.NEW, store.store(first, "ada"));
        assertEquals(AlertStore.Stored.REPEATED, store.store(alert(Kind.CRASH_LOOP, "app/a", "a", 30, "5 failures"), "ada"));
        assertEquals(AlertStore.Stored.REPEATED, store.store(alert(Kind.CRASH_LOOP, "app/a", "a", 60, "6 failures"), "ada"));

        List<StoredAlert> stored = all();
        assertEquals(1, stored.size());
        StoredAlert a = stored.get(0);
        assertEquals(first.alertId(), a.id());
        assertEquals(3, a.count());
        assertEquals(T0, a.raisedAt());
        assertEquals(T0.plusSeconds(60), a.lastAt());
        assertEquals("6 failures", a.message());
        assertEquals("ada", a.owner());
        assertEquals(StoredAlert.Status.OPEN, a.status());
    }

    @Test
    void anotherKindOrSubjectIsAnotherAlert() {
        store.store(alert(Kind.CRASH_LOOP, "app/a", "a", 0, "x"), null);
        store.store(alert(Kind.ROLLOUT_FAILED, "app/a", "a", 1, "x"), null);
        store.store(alert(Kind.CRASH_LOOP, "app/b", "b", 2, "x"), null);
        assertEquals(3, all().size());
    }

    @Test
    void aRedeliveredAlertChangesNothing() {
        Alert first = alert(Kind.NODE_LOST, "node/n1", null, 0, "silent");
        Alert repeat = alert(Kind.NODE_LOST, "node/n1", null, 5, "silent");
        store.store(first, null);
        store.store(repeat, null);
        assertEquals(AlertStore.Stored.ALREADY_STORED, store.store(first, null));
        assertEquals(AlertStore.Stored.ALREADY_STORED, store.store(repeat, null));
        assertEquals(2, all().get(0).count());
    }

    @Test
    void afterAnAcknowledgementARepeatOpensANewAlert() {
        Alert first = alert(Kind.UNREGISTERED_DEVICE, "device/x", null, 0, "unknown device");
        store.store(first, null);
        StoredAlert acked = store.acknowledge(first.alertId(), "root", T0.plusSeconds(10)).orElseThrow();
        assertTrue(acked.acknowledged());
        assertEquals("root", acked.acknowledgedBy());
        assertEquals(StoredAlert.Status.ACKNOWLEDGED, acked.status());

        StoredAlert again = store.acknowledge(first.alertId(), "someone-else", T0.plusSeconds(20)).orElseThrow();
        assertEquals("root", again.acknowledgedBy(), "the first acknowledgement stays");
        assertEquals(T0.plusSeconds(10), again.acknowledgedAt());

        assertEquals(AlertStore.Stored.NEW, store.store(alert(Kind.UNREGISTERED_DEVICE, "device/x", null, 30, "unknown device"), null));
        assertEquals(2, all().size());
        assertEquals(1, store.find(new AlertQuery(true, null, null, null, 10)).size());
        assertEquals(1, store.find(new AlertQuery(false, null, null, null, 10)).size());
        assertTrue(store.acknowledge("no-such-id", "root", T0).isEmpty());
    }

    @Test
    void aResolutionClosesEveryUnresolvedAlertOfItsKindAndSubject() {
        Alert acked = alert(Kind.NODE_LOST, "node/n1", null, 0, "silent");
        store.store(acked, null);
        store.acknowledge(acked.alertId(), "root", T0.plusSeconds(1));
        Alert open = alert(Kind.NODE_LOST, "node/n1", null, 2, "silent again");
        store.store(open, null);
        Alert other = alert(Kind.NODE_LOST, "node/n2", null, 3, "silent");
        store.store(other, null);
        assertEquals(Set.of("node/n1", "node/n2"), store.unresolvedSubjects(Kind.NODE_LOST));

        assertEquals(2, store.resolve(Kind.NODE_LOST, "node/n1", T0.plusSeconds(9), "n1 heartbeats again"));
        StoredAlert resolved = store.find(open.alertId()).orElseThrow();
        assertEquals(StoredAlert.Status.RESOLVED, resolved.status());
        assertEquals(T0.plusSeconds(9), resolved.resolvedAt());
        assertEquals("n1 heartbeats again", resolved.resolution());
        assertNull(store.find(other.alertId()).orElseThrow().resolvedAt());
        assertEquals(Set.of("node/n2"), store.unresolvedSubjects(Kind.NODE_LOST));
        assertEquals(0, store.resolve(Kind.NODE_LOST, "node/n1", T0.plusSeconds(10), "again"), "resolving twice changes nothing");

        assertEquals(AlertStore.Stored.NEW, store.store(alert(Kind.NODE_LOST, "node/n1", null, 20, "silent once more"), null),
                "a resolved alert is never repeated into");
    }

    @Test
    void queriesFilterByOpenKindAndAppsNewestFirst() {
        store.store(alert(Kind.CRASH_LOOP, "app/a", "a", 0, "x"), "ada");
        store.store(alert(Kind.ROLLOUT_FAILED, "app/a", "a", 10, "x"), "ada");
        store.store(alert(Kind.CRASH_LOOP, "app/b", "b", 20, "x"), "bob");
        store.store(alert(Kind.NODE_LOST, "node/n1", null, 30, "x"), null);

        List<StoredAlert> newestFirst = all();
        assertEquals(List.of("node/n1", "app/b", "app/a", "app/a"), newestFirst.stream().map(StoredAlert::subject).toList());
        assertEquals(2, store.find(new AlertQuery(null, Kind.CRASH_LOOP, null, null, 10)).size());
        assertEquals(2, store.find(new AlertQuery(null, null, "a", null, 10)).size());
        assertEquals(3, store.find(new AlertQuery(null, null, null, Set.of("a", "b"), 10)).size());
        assertEquals(0, store.find(new AlertQuery(null, null, null, Set.of(), 10)).size(), "no apps, no alerts");
        assertEquals(2, store.find(new AlertQuery(null, null, null, null, 2)).size());
    }

    @Test
    void theSweepRemovesOnlyAlertsClosedBeforeTheCutoff() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Alert oldResolved = new Alert("old-resolved", Kind.NODE_LOST, Severity.CRITICAL, "node/a", null, "x", now.minus(Duration.ofDays(40)));
        Alert oldAcked = new Alert("old-acked", Kind.CRASH_LOOP, Severity.WARNING, "app/a", "a", "x", now.minus(Duration.ofDays(40)));
        Alert recentResolved = new Alert("recent-resolved", Kind.NODE_LOST, Severity.CRITICAL, "node/b", null, "x", now.minus(Duration.ofDays(40)));
        Alert oldButOpen = new Alert("old-open", Kind.CRASH_LOOP, Severity.WARNING, "app/b", "b", "x", now.minus(Duration.ofDays(40)));
        for (Alert a : List.of(oldResolved, oldAcked, recentResolved, oldButOpen)) {
            store.store(a, null);
        }
        store.resolve(Kind.NODE_LOST, "node/a", now.minus(Duration.ofDays(31)), "back");
        store.acknowledge("old-acked", "root", now.minus(Duration.ofDays(31)));
        store.resolve(Kind.NODE_LOST, "node/b", now.minus(Duration.ofDays(29)), "back");

        AlertSettings settings = new AlertSettings(Duration.ofDays(30), Duration.ofMinutes(10), null, 1,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 10);
        assertEquals(2, new AlertRetention(store, settings).sweepNow());
        assertEquals(Set.of("recent-resolved", "old-open"), Set.copyOf(all().stream().map(StoredAlert::id).toList()));
        assertFalse(store.find("old-open").orElseThrow().acknowledged());
        assertNotEquals(0, all().size());
    }

    @Test
    void anAlertIsStoredWithTheFieldsAndTypesOfTheStateModel() {
        Alert first = alert(Kind.CRASH_LOOP, "app/a", "a", 0, "4 failures");
        store.store(first, "ada");
        Document stored = repositories.getBean(MongoDatabase.class).getCollection(Collections.ALERTS).find().first();
        Document expected = new Document("_id", first.alertId()).append("kind", "CRASH_LOOP").append("severity", "WARNING")
                .append("subject", "app/a").append("app", "a").append("owner", "ada").append("message", "4 failures")
                .append("raisedAt", Date.from(T0)).append("count", 1L).append("lastAt", Date.from(T0))
                .append("lastAlertId", first.alertId()).append("acknowledged", false).append("acknowledgedBy", null)
                .append("acknowledgedAt", null).append("resolvedAt", null).append("resolution", null);
        assertEquals(new TreeMap<>(expected), new TreeMap<>(stored));
    }

    @Test
    void alertsStoredBeforeTheRepositoryStillReadAndCount() {
        // A document as the monitor wrote it with the driver, field by field, before the repository.
        Document legacy = new Document("_id", "legacy-1").append("kind", "NODE_LOST").append("severity", "CRITICAL")
                .append("subject", "node/n9").append("app", null).append("owner", null).append("message", "silent")
                .append("raisedAt", Date.from(T0)).append("count", 1L).append("lastAt", Date.from(T0))
                .append("lastAlertId", "legacy-1").append("acknowledged", false).append("acknowledgedBy", null)
                .append("acknowledgedAt", null).append("resolvedAt", null).append("resolution", null);
        MongoCollection<Document> alerts = repositories.getBean(MongoDatabase.class).getCollection(Collections.ALERTS);
        alerts.insertOne(legacy);
        alerts.insertOne(new Document(legacy).append("_id", "legacy-2").append("kind", "NO_SUCH_KIND").append("subject", "node/n8"));

        assertEquals(AlertStore.Stored.REPEATED, store.store(alert(Kind.NODE_LOST, "node/n9", null, 30, "silent again"), null));
        StoredAlert read = store.find("legacy-1").orElseThrow();
        assertEquals(2, read.count());
        assertEquals(T0.plusSeconds(30), read.lastAt());
        assertEquals(StoredAlert.Status.OPEN, read.status());
        assertEquals(List.of("legacy-1"), all().stream().map(StoredAlert::id).toList(), "a kind this version does not know is skipped alone");
        assertEquals(Set.of("node/n9"), store.unresolvedSubjects(Kind.NODE_LOST));
    }
}
