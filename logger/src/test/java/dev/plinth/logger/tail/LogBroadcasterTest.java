package dev.plinth.logger.tail;

import dev.plinth.contracts.events.LogRecord.SourceKind;
import dev.plinth.logger.store.LogLevel;
import dev.plinth.logger.store.StoredLog;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogBroadcasterTest {

    private static List<StoredLog> lines(int count) {
        Instant now = Instant.now();
        return IntStream.range(0, count)
                .mapToObj(i -> new StoredLog("id-" + i, now, SourceKind.SUBSYSTEM, "deployer", null, null, null, LogLevel.INFO, "line " + i, now))
                .toList();
    }

    /** Takes one line and then never asks for more, like a client that stopped reading. */
    private static final class StalledWatcher extends BaseSubscriber<StoredLog> {
        final List<StoredLog> received = new ArrayList<>();

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            request(1);
        }

        @Override
        protected void hookOnNext(StoredLog value) {
            received.add(value);
        }
    }

    @Test
    void aStalledWatcherLosesItsOldestLinesWhileOthersGetEverything() {
        LogBroadcaster broadcaster = new LogBroadcaster();
        StalledWatcher stalled = new StalledWatcher();
        List<StoredLog> fast = new ArrayList<>();
        broadcaster.lines(16).subscribe(stalled);
        broadcaster.lines(16).subscribe(fast::add);
        assertEquals(2, broadcaster.watchers());

        List<StoredLog> published = lines(1000);
        broadcaster.publish(published);

        assertEquals(published, fast);
        assertEquals(1, stalled.received.size());
        assertTrue(broadcaster.droppedForSlowWatchers() >= 1000 - 1 - 16, "dropped " + broadcaster.droppedForSlowWatchers());

        stalled.request(100);
        assertEquals(published.subList(1000 - 16, 1000), stalled.received.subList(1, stalled.received.size()),
                "what the stalled watcher still gets are the newest lines");
        stalled.dispose();
    }

    @Test
    void publishingWithoutWatchersIsFine() {
        LogBroadcaster broadcaster = new LogBroadcaster();

        broadcaster.publish(lines(10));

        assertEquals(0, broadcaster.watchers());
    }
}
