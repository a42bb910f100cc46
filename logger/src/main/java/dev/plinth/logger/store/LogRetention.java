package dev.plinth.logger.store;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import dev.plinth.kit.control.FailureLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;

/**
 * Keeps log lines for the retention and no longer. MongoDB's TTL index does it on a real server;
 * a periodic sweep does it too, because the embedded server keeps TTL indexes but never runs them.
 * The first sweep also creates the indexes, and keeps trying while MongoDB is out.
 */
@Singleton
public class LogRetention {

    private static final Logger LOG = LoggerFactory.getLogger(LogRetention.class);

    private final LogStore store;
    private final LogSettings settings;
    private final Clock clock;
    private volatile boolean indexed;
    private final FailureLog failures;
    private volatile Instant lastSweep;

    public LogRetention(LogStore store, LogSettings settings) {
        this.store = store;
        this.settings = settings;
        this.failures = new FailureLog(LOG, "cannot apply the log retention in MongoDB, will retry every " + settings.sweepInterval(), "log retention works again");
        this.clock = Clock.systemUTC();
    }

    @Scheduled(fixedDelay = "${plinth.logs.sweep-interval:1m}", initialDelay = "1s")
    void sweep() {
        try {
            if (!indexed) {
                if (LogIndexes.ensure(store.collection(), settings.retention())) {
                    LOG.info("log lines are kept for {} (TTL index on logs.time)",
                            settings.retention().toString().substring(2).toLowerCase(java.util.Locale.ROOT));
                }
                indexed = true;
            }
            Instant cutoff = clock.instant().minus(settings.retention());
            long removed = store.deleteOlderThan(cutoff);
            if (removed > 0) {
                LOG.debug("removed {} log lines written before {}", removed, cutoff);
            }
            lastSweep = clock.instant();
            failures.recovered();
        } catch (RuntimeException e) {
            failures.failed(e);
        }
    }

    /** @return when the last sweep finished, or null */
    public Instant lastSweep() {
        return lastSweep;
    }
}
