package dev.plinth.monitor.detect;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeartbeatTrackerTest {

    private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
    private static final Duration AFTER = Duration.ofSeconds(10);

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void aSilentSourceIsRaisedOnceAndResolvedWhenItReportsAgain() {
        HeartbeatTracker tracker = new HeartbeatTracker();
        assertTrue(tracker.heard("n1", true, at(0), at(0)));
        assertFalse(tracker.heard("n1", true, at(2), at(2)));
        assertEquals(List.of(), tracker.due(at(11), AFTER));

        List<HeartbeatTracker.Due> due = tracker.due(at(12), AFTER);
        assertEquals(1, due.size());
        assertEquals(SilenceRule.Change.RAISE, due.get(0).verdict().change());
        tracker.setAlerting("n1", true);
        assertEquals(List.of(), tracker.due(at(30), AFTER), "raised once");

        tracker.heard("n1", true, at(31), at(31));
        due = tracker.due(at(31), AFTER);
        assertEquals(SilenceRule.Change.RESOLVE, due.get(0).verdict().change());
        tracker.setAlerting("n1", false);
        assertEquals(List.of(), tracker.due(at(32), AFTER));
    }

    @Test
    void anUnhealthyRunCountsFromItsFirstHeartbeatAndEndsWithAHealthyOne() {
        HeartbeatTracker tracker = new HeartbeatTracker();
        tracker.heard("deployer", false, at(0), at(0));
        for (int s = 2; s <= 10; s += 2) {
            tracker.heard("deployer", false, at(s), at(s));
        }
        assertEquals(at(0), tracker.source("deployer").unhealthySince());
        List<HeartbeatTracker.Due> due = tracker.due(at(10), AFTER);
        assertEquals(SilenceRule.Cause.UNHEALTHY, due.get(0).verdict().cause());
        tracker.setAlerting("deployer", true);

        tracker.heard("deployer", true, at(12), at(12));
        assertNull(tracker.source("deployer").unhealthySince());
        assertEquals(SilenceRule.Change.RESOLVE, tracker.due(at(12), AFTER).get(0).verdict().change());
    }

    @Test
    void aSourceAlertedBeforeTheMonitorStartedIsResolvedWhenHeard() {
        HeartbeatTracker tracker = new HeartbeatTracker();
        tracker.alreadyAlerted("n2");
        assertEquals(List.of(), tracker.due(at(100), AFTER), "nothing to decide before it reports");
        tracker.heard("n2", true, at(101), at(101));
        assertEquals(SilenceRule.Change.RESOLVE, tracker.due(at(101), AFTER).get(0).verdict().change());
    }

    @Test
    void lagIsMeasuredFromTheSendersTimestamp() {
        HeartbeatTracker tracker = new HeartbeatTracker();
        tracker.heard("n3", true, at(0), at(3));
        assertEquals(Duration.ofSeconds(5), tracker.source("n3").lag(at(5)));
    }
}
