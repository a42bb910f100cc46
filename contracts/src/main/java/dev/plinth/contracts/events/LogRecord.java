package dev.plinth.contracts.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * One structured log line. Published on {@link Topics#PLATFORM_LOGS}, keyed by source name.
 *
 * @param time       when it was written
 * @param sourceKind who wrote it
 * @param sourceName the subsystem, agent or instance name
 * @param app        the app, for instance logs; else null
 * @param instanceId the instance, for instance logs; else null
 * @param nodeId     the node, for agent and instance logs; else null
 * @param level      TRACE, DEBUG, INFO, WARN or ERROR
 * @param message    the line
 */
@Serdeable
public record LogRecord(Instant time, SourceKind sourceKind, String sourceName, @Nullable String app,
                        @Nullable String instanceId, @Nullable String nodeId, String level, String message) {

    /** Who wrote a log line. */
    public enum SourceKind {
        /** A platform subsystem. */
        SUBSYSTEM,
        /** A node agent. */
        AGENT,
        /** An app instance (its stdout and stderr). */
        INSTANCE
    }
}
