package dev.plinth.contracts.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * A status change of an instance, reported at once by its agent. Published on
 * {@link Topics#INSTANCE_STATUS}, keyed by instance id.
 *
 * @param eventId      unique id of this report
 * @param instanceId   the instance
 * @param nodeId       the node it runs on
 * @param app          its app
 * @param deploymentId its deployment
 * @param version      its app version
 * @param generation   the generation the agent runs
 * @param state        the new state
 * @param host         the address its port is reachable on
 * @param port         the port it listens on
 * @param exitCode     the exit code for {@link InstanceState#EXITED}, else null
 * @param message      a human-readable detail, may be null
 * @param timestamp    when the agent saw the change
 */
@Serdeable
public record InstanceStatus(String eventId, String instanceId, String nodeId, String app, String deploymentId,
                             String version, long generation, InstanceState state, String host, int port,
                             @Nullable Integer exitCode, @Nullable String message, Instant timestamp) {
}
