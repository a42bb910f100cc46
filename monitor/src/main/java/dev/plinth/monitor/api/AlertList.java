package dev.plinth.monitor.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.plinth.monitor.alerts.AlertView;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * The answer of {@code GET /api/alerts}.
 *
 * @param alerts the alerts, the most recently raised first (an empty list when none)
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AlertList(List<AlertView> alerts) {
}
