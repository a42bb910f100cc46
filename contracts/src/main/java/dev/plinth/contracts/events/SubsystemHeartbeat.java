package dev.plinth.contracts.events;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * A subsystem's heartbeat. Published on {@link Topics#SUBSYSTEM_HEARTBEATS}, keyed by subsystem name.
 *
 * @param subsystem  the subsystem, as {@code deployer}
 * @param processId  this run of it (changes when it restarts)
 * @param sequence   counts up within one run
 * @param healthy    whether its own health checks pass
 * @param url        where its HTTP API listens
 * @param timestamp  when it was sent
 */
@Serdeable
public record SubsystemHeartbeat(String subsystem, String processId, long sequence, boolean healthy, String url,
                                 Instant timestamp) {
}
