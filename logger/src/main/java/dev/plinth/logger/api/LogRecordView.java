package dev.plinth.logger.api;

import dev.plinth.contracts.events.LogRecord.SourceKind;
import dev.plinth.logger.store.StoredLog;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * A log line as the API shows it.
 *
 * @param id         the line's id
 * @param time       when it was written
 * @param sourceKind SUBSYSTEM, AGENT or INSTANCE
 * @param sourceName the subsystem, agent or instance
 * @param app        the app, for instance lines
 * @param instanceId the instance, for instance lines
 * @param nodeId     the node, for agent and instance lines
 * @param level      TRACE, DEBUG, INFO, WARN or ERROR
 * @param message    the line
 * @param receivedAt when the logger received it
 */
@Serdeable
public record LogRecordView(String id, Instant time, SourceKind sourceKind, String sourceName, @Nullable String app,
                            @Nullable String instanceId, @Nullable String nodeId, String level, String message,
                            Instant receivedAt) {

    /** @return the view of a stored line */
    public static LogRecordView of(StoredLog log) {
        return new LogRecordView(log.id(), log.time(), log.sourceKind(), log.sourceName(), log.app(), log.instanceId(),
                log.nodeId(), log.level().name(), log.message(), log.receivedAt());
    }
}
