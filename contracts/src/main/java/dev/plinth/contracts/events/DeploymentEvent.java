package dev.plinth.contracts.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * The desired state of a deployment changed. It wakes the deployer up; the deployment record in
 * the store is the truth. Published on {@link Topics#DEPLOYMENT_EVENTS}.
 *
 * @param eventId      unique id of this event
 * @param type         what changed
 * @param deploymentId the deployment
 * @param app          its app
 * @param version      the version it should run
 * @param instances    how many instances it should run
 * @param generation   the desired generation, raised on every change of the desired state
 * @param reason       a human-readable reason, for failures and stops; may be null
 * @param timestamp    when it changed
 */
@Serdeable
public record DeploymentEvent(String eventId, Type type, String deploymentId, String app, String version,
                              int instances, long generation, @Nullable String reason, Instant timestamp) {

    /** What changed. */
    public enum Type {
        /** A schedule fired or a developer asked for it: run this version. */
        DESIRED,
        /** The deployment should run nothing any more. */
        STOPPED,
        /** A rollout finished: every instance runs the desired version and is healthy. */
        ROLLED_OUT,
        /** A rollout failed; the previous version keeps serving. */
        FAILED
    }
}
