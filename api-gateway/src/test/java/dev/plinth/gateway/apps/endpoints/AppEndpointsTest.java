package dev.plinth.gateway.apps.endpoints;

import dev.plinth.contracts.events.InstanceState;
import dev.plinth.contracts.events.InstanceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.plinth.gateway.apps.endpoints.AppEndpoints.Verdict.NOT_LOADED;
import static dev.plinth.gateway.apps.endpoints.AppEndpoints.Verdict.NO_HEALTHY_INSTANCE;
import static dev.plinth.gateway.apps.endpoints.AppEndpoints.Verdict.ROUTABLE;
import static dev.plinth.gateway.apps.endpoints.AppEndpoints.Verdict.UNKNOWN_APP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppEndpointsTest {

    private static final Duration GRACE = Duration.ofSeconds(15);
    private static final Duration SUSPECT = Duration.ofSeconds(5);

    private final TestClock clock = new TestClock();
    private final AppEndpoints table = new AppEndpoints(
            new EndpointSettings(Duration.ofSeconds(5), SUSPECT, GRACE), clock);

    private static Endpoint endpoint(String id, String app, int port) {
        return new Endpoint(id, app, "127.0.0.1", port);
    }

    private static InstanceStatus status(String id, String app, InstanceState state, int port) {
        return new InstanceStatus("e-" + id + "-" + state, id, "node-1", app, "d-1", "1.0.0", 1, state, "127.0.0.1", port,
                null, null, Instant.EPOCH);
    }

    private AppEndpoints.StoreSnapshot snapshot(List<Endpoint> healthy, Set<String> stopping, Set<String> apps) {
        return new AppEndpoints.StoreSnapshot(healthy, stopping, apps, clock.instant());
    }

    private List<String> ids(String app) {
        return table.healthyOf(app).stream().map(Endpoint::instanceId).toList();
    }

    @Test
    void roundRobinSpreadsRequestsExactlyAndOffersEachInstanceOnce() {
        table.healthy(endpoint("a-3", "a", 9003));
        table.healthy(endpoint("a-1", "a", 9001));
        table.healthy(endpoint("a-2", "a", 9002));
        Map<String, Integer> firsts = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            AppEndpoints.Route route = table.route("a");
            assertEquals(ROUTABLE, route.verdict());
            assertEquals(Set.of("a-1", "a-2", "a-3"), Set.copyOf(route.candidates().stream().map(Endpoint::instanceId).toList()));
            assertEquals(3, route.candidates().size());
            firsts.merge(route.candidates().get(0).instanceId(), 1, Integer::sum);
        }
        assertEquals(Map.of("a-1", 10, "a-2", 10, "a-3", 10), firsts);
    }

    @ParameterizedTest
    @EnumSource(value = InstanceState.class, names = "HEALTHY", mode = EnumSource.Mode.EXCLUDE)
    void everyStateButHealthyRemovesAtOnce(InstanceState state) {
        table.apply(status("a-1", "a", InstanceState.HEALTHY, 9001));
        table.apply(status("a-2", "a", InstanceState.HEALTHY, 9002));
        table.apply(status("a-1", "a", state, 9001));
        assertEquals(List.of("a-2"), ids("a"));
    }

    @Test
    void aHealthyEventCarriesTheNewAddress() {
        table.apply(status("a-1", "a", InstanceState.HEALTHY, 9001));
        table.apply(status("a-1", "a", InstanceState.HEALTHY, 9005));
        assertEquals(List.of(endpoint("a-1", "a", 9005)), table.healthyOf("a"));
    }

    @Test
    void tellsUnknownAppsFromAppsWithoutHealthyInstances() {
        assertEquals(NOT_LOADED, table.route("ghost").verdict());
        table.resync(snapshot(List.of(), Set.of(), Set.of("idle")));
        assertEquals(UNKNOWN_APP, table.route("ghost").verdict());
        assertEquals(NO_HEALTHY_INSTANCE, table.route("idle").verdict());
        assertTrue(table.route("idle").candidates().isEmpty());
        table.healthy(endpoint("new-1", "new", 9001));
        assertEquals(ROUTABLE, table.route("new").verdict());
    }

    @Test
    void theStoreFillsInWhatEventsMissed() {
        table.resync(snapshot(List.of(endpoint("a-1", "a", 9001), endpoint("b-1", "b", 9002)), Set.of(), Set.of("a", "b")));
        assertEquals(List.of("a-1"), ids("a"));
        assertEquals(List.of("b-1"), ids("b"));
        table.resync(snapshot(List.of(endpoint("a-1", "a", 9001)), Set.of(), Set.of("a", "b")));
        assertEquals(List.of(), ids("b"));
        assertEquals(NO_HEALTHY_INSTANCE, table.route("b").verdict());
    }

    @Test
    void aRecentRemovalOutranksAStoreThatHasNotCaughtUp() {
        table.resync(snapshot(List.of(endpoint("a-1", "a", 9001)), Set.of(), Set.of("a")));
        table.gone("a-1");
        clock.advance(Duration.ofSeconds(5));
        table.resync(snapshot(List.of(endpoint("a-1", "a", 9001)), Set.of(), Set.of("a")));
        assertEquals(List.of(), ids("a"), "node-manager has not recorded the event yet");
        clock.advance(GRACE);
        table.resync(snapshot(List.of(endpoint("a-1", "a", 9001)), Set.of(), Set.of("a")));
        assertEquals(List.of("a-1"), ids("a"), "after the grace period the store is the truth");
    }

    @Test
    void aRecentHealthyEventOutranksAStoreThatHasNotCaughtUp() {
        table.healthy(endpoint("a-1", "a", 9001));
        clock.advance(Duration.ofSeconds(5));
        table.resync(snapshot(List.of(), Set.of(), Set.of("a")));
        assertEquals(List.of("a-1"), ids("a"));
        clock.advance(GRACE);
        table.resync(snapshot(List.of(), Set.of(), Set.of("a")));
        assertEquals(List.of(), ids("a"));
    }

    @Test
    void anInstanceToStopLeavesAtTheNextResyncWhateverEventsSay() {
        table.healthy(endpoint("a-1", "a", 9001));
        table.healthy(endpoint("a-2", "a", 9002));
        table.resync(snapshot(List.of(endpoint("a-2", "a", 9002)), Set.of("a-1"), Set.of("a")));
        assertEquals(List.of("a-2"), ids("a"));
        table.healthy(endpoint("a-1", "a", 9001));
        assertEquals(List.of("a-2"), ids("a"), "a late HEALTHY event does not bring it back");
    }

    @Test
    void aSuspectIsTriedLastUntilItsTimeIsUp() {
        table.healthy(endpoint("a-1", "a", 9001));
        table.healthy(endpoint("a-2", "a", 9002));
        table.healthy(endpoint("a-3", "a", 9003));
        assertTrue(table.markSuspect("a-2"));
        assertFalse(table.markSuspect("a-2"), "already suspect");
        for (int i = 0; i < 6; i++) {
            List<Endpoint> candidates = table.route("a").candidates();
            assertEquals(3, candidates.size());
            assertEquals("a-2", candidates.get(2).instanceId());
        }
        clock.advance(SUSPECT);
        assertFalse(table.isSuspect("a-2"));
        long firstTimes = java.util.stream.IntStream.range(0, 3)
                .filter(i -> table.route("a").candidates().get(0).instanceId().equals("a-2")).count();
        assertEquals(1, firstTimes);
    }

    @Test
    void refusesAHealthyInstanceWithoutAnAddress() {
        assertThrows(IllegalArgumentException.class, () -> table.healthy(new Endpoint("a-1", "a", " ", 9001)));
        assertThrows(IllegalArgumentException.class, () -> table.healthy(new Endpoint("a-1", "a", "127.0.0.1", 0)));
        assertEquals(List.of(), ids("a"));
    }

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        private Instant now = Instant.parse("2030-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
