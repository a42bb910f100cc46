package dev.plinth.sensormanager.history;

import dev.plinth.sensormanager.SensorSettings;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import dev.plinth.kit.control.FailureLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;

/**
 * Keeps readings for {@code plinth.sensors.retention} and no longer, with a periodic sweep: the
 * embedded MongoDB does not run TTL indexes, and a sweep works on both. The first sweep also creates
 * the indexes, and keeps trying while MongoDB is out.
 */
@Singleton
public class ReadingRetention {

    private static final Logger LOG = LoggerFactory.getLogger(ReadingRetention.class);

    private final ReadingStore store;
    private final SensorSettings settings;
    private final Clock clock = Clock.systemUTC();
    private volatile boolean indexed;
    private final FailureLog failures;

    public ReadingRetention(ReadingStore store, SensorSettings settings) {
        this.store = store;
        this.settings = settings;
        this.failures = new FailureLog(LOG, "cannot apply the reading retention in MongoDB, will retry every " + settings.sweepInterval(), "the reading retention works again");
    }

    /** Removes readings received before the retention; runs on a timer. */
    @Scheduled(fixedDelay = "${plinth.sensors.sweep-interval:1m}", initialDelay = "2s")
    public void sweep() {
        try {
            if (!indexed) {
                store.ensureIndexes();
                indexed = true;
            }
            Instant cutoff = clock.instant().minus(settings.retention());
            long removed = store.deleteOlderThan(cutoff);
            if (removed > 0) {
                LOG.debug("removed {} readings received before {}", removed, cutoff);
            }
            failures.recovered();
        } catch (RuntimeException e) {
            failures.failed(e);
        }
    }
}
