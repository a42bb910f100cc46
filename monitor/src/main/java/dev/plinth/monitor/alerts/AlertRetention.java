package dev.plinth.monitor.alerts;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import dev.plinth.kit.control.FailureLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;

/**
 * Removes alerts that closed (resolved or acknowledged) longer than {@code plinth.alerts.retention}
 * ago. A sweep rather than a TTL index, because the embedded MongoDB does not run TTL indexes and
 * an alert closes in two ways. The first sweep also creates the collection's indexes.
 */
@Singleton
public class AlertRetention {

    private static final Logger LOG = LoggerFactory.getLogger(AlertRetention.class);

    private final AlertStore store;
    private final AlertSettings settings;
    private final Clock clock = Clock.systemUTC();
    private volatile boolean indexed;
    private final FailureLog failures;

    public AlertRetention(AlertStore store, AlertSettings settings) {
        this.store = store;
        this.settings = settings;
        this.failures = new FailureLog(LOG, "cannot apply the alert retention in MongoDB, will retry every " + settings.sweepInterval(), "the alert retention works again");
    }

    @Scheduled(fixedDelay = "${plinth.alerts.sweep-interval:10m}", initialDelay = "2s")
    void sweep() {
        try {
            if (!indexed) {
                store.ensureIndexes();
                indexed = true;
            }
            long removed = sweepNow();
            if (removed > 0) {
                LOG.info("removed {} alerts closed more than {} ago", removed, settings.retention());
            }
            failures.recovered();
        } catch (RuntimeException e) {
            failures.failed(e);
        }
    }

    /** @return how many closed alerts older than the retention were removed now */
    public long sweepNow() {
        Instant cutoff = clock.instant().minus(settings.retention());
        return store.deleteClosedBefore(cutoff);
    }
}
