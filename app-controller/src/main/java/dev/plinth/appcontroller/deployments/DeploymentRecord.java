package dev.plinth.appcontroller.deployments;

import dev.plinth.contracts.state.DeploymentDocument;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * A deployment, as kept in the {@code deployments} collection. The app-controller writes the desired
 * state; the deployer writes {@code status}, {@code reason}, {@code stableVersion} and {@code stableSpec}.
 *
 * @param id            the deployment id
 * @param app           the app
 * @param owner         the app's owner
 * @param version       the version that should run
 * @param instances     how many instances should run
 * @param generation    raised on every change of version, instances or active
 * @param active        false once stopped
 * @param spec          what an instance of {@code version} needs
 * @param stableVersion the last fully rolled-out version, null before the first rollout finishes
 * @param status        the deployer's view: PENDING, ROLLING_OUT, RUNNING, DEGRADED, FAILED, STOPPED
 * @param reason        why FAILED or DEGRADED, for people
 * @param scheduleId    the schedule that created it, if any
 * @param createdAt     when it was created
 * @param updatedAt     when its desired state last changed
 * @param statusAt      when its status last changed
 */
public record DeploymentRecord(String id, String app, String owner, String version, int instances, long generation,
                               boolean active, InstanceSpecDocument spec, @Nullable String stableVersion,
                               String status, @Nullable String reason, @Nullable String scheduleId,
                               Instant createdAt, Instant updatedAt, @Nullable Instant statusAt) {

    /** The status of a deployment nothing has acted on yet. */
    public static final String PENDING = DeploymentDocument.PENDING;
    /** The status the deployer gives a stopped deployment once its instances have stopped. */
    public static final String STOPPED = DeploymentDocument.STOPPED;
}
