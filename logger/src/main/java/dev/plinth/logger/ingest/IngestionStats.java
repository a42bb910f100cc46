package dev.plinth.logger.ingest;

import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** How ingestion is going, for the health report. */
@Singleton
public class IngestionStats {

    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile Instant lastBatchAt;
    private volatile int lastBatchSize;
    private volatile Long lag;
    private volatile String failure;
    private volatile Instant failingSince;

    void batchStored(int size, int storedNow, int duplicatesNow, int rejectedNow, Long lagNow) {
        stored.addAndGet(storedNow);
        duplicates.addAndGet(duplicatesNow);
        rejected.addAndGet(rejectedNow);
        lastBatchSize = size;
        lastBatchAt = Instant.now();
        lag = lagNow;
        failure = null;
        failingSince = null;
    }

    void rejected(int count) {
        rejected.addAndGet(count);
    }

    /** @return whether this is the first failure since the last stored batch */
    boolean batchFailed(String why) {
        boolean first = failure == null;
        failure = why;
        if (first) {
            failingSince = Instant.now();
        }
        return first;
    }

    /** @return lines stored since start */
    public long stored() {
        return stored.get();
    }

    /** @return lines Kafka delivered again that were stored already */
    public long duplicates() {
        return duplicates.get();
    }

    /** @return lines that could not be read or stored and were skipped */
    public long rejected() {
        return rejected.get();
    }

    /** @return when the last batch was stored, or null */
    public Instant lastBatchAt() {
        return lastBatchAt;
    }

    /** @return how many records the last batch had */
    public int lastBatchSize() {
        return lastBatchSize;
    }

    /** @return records on {@code platform.logs} not yet consumed, as of the last batch; null when unknown */
    public Long lag() {
        return lag;
    }

    /** @return why storing fails now, or null when it works */
    public String failure() {
        return failure;
    }

    /** @return since when storing fails, or null */
    public Instant failingSince() {
        return failingSince;
    }
}
