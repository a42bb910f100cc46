package dev.plinth.logger.tail;

import dev.plinth.logger.store.StoredLog;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands every newly stored log line to every live tail. Ingestion never waits for a watcher: each
 * watcher has a bounded buffer of its own, and one that falls behind loses its oldest lines.
 */
@Singleton
public class LogBroadcaster {

    private final Sinks.Many<StoredLog> sink = Sinks.many().multicast().directBestEffort();
    private final AtomicLong droppedForSlowWatchers = new AtomicLong();

    /** @param lines lines just stored, oldest first */
    public synchronized void publish(List<StoredLog> lines) {
        for (StoredLog line : lines) {
            // Without watchers there is nobody to tell; the result says so and that is fine.
            sink.tryEmitNext(line);
        }
    }

    /**
     * @param buffer how many lines this watcher may fall behind
     * @return every line stored from now on, as long as the subscription lasts
     */
    public Flux<StoredLog> lines(int buffer) {
        return sink.asFlux().onBackpressureBuffer(buffer, dropped -> droppedForSlowWatchers.incrementAndGet(),
                BufferOverflowStrategy.DROP_OLDEST);
    }

    /** @return how many watchers are connected now */
    public int watchers() {
        return sink.currentSubscriberCount();
    }

    /** @return lines dropped so far for watchers that fell behind */
    public long droppedForSlowWatchers() {
        return droppedForSlowWatchers.get();
    }

    @PreDestroy
    void close() {
        sink.tryEmitComplete();
    }
}
