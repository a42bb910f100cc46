package dev.plinth.monitor.api;

import com.mongodb.MongoException;
import dev.plinth.kit.errors.ApiException;
import dev.plinth.kit.security.Roles;
import dev.plinth.monitor.metrics.PlatformSummary;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

/**
 * {@code GET /api/metrics/summary} (admins): nodes and instances by state, open alerts, heartbeat
 * lag of each node and subsystem; see {@link PlatformSummary.Summary}. 503 while MongoDB does not answer.
 */
@Controller("/api/metrics")
@Secured(Roles.ADMIN)
@ExecuteOn(TaskExecutors.BLOCKING)
public class MetricsSummaryController {

    private final PlatformSummary summary;

    public MetricsSummaryController(PlatformSummary summary) {
        this.summary = summary;
    }

    @Get("/summary")
    public PlatformSummary.Summary summary() {
        try {
            return summary.read();
        } catch (MongoException e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "the summary cannot be read: MongoDB does not answer ("
                    + e.getMessage() + ")");
        }
    }
}
