package dev.plinth.logger.ingest;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The logger's ingestion in the health report: DOWN while batches cannot be stored (they wait in
 * Kafka and are retried), UP otherwise, quiet or not. Details: the last batch, the totals, the lag.
 */
@Singleton
public class IngestionHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final IngestionStats stats;

    public IngestionHealthIndicator(IngestionStats stats) {
        this.stats = stats;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("lastBatchAt", stats.lastBatchAt() == null ? "never" : stats.lastBatchAt().toString());
        details.put("lastBatchSize", stats.lastBatchSize());
        details.put("stored", stats.stored());
        details.put("duplicates", stats.duplicates());
        details.put("rejected", stats.rejected());
        if (stats.lag() != null) {
            details.put("lag", stats.lag());
        }
        String failure = stats.failure();
        if (failure != null) {
            details.put("error", failure);
            details.put("failingSince", String.valueOf(stats.failingSince()));
        }
        healthStatus = failure == null ? HealthStatus.UP : HealthStatus.DOWN;
        return details;
    }

    @Override
    protected String getName() {
        return "log-ingestion";
    }
}
