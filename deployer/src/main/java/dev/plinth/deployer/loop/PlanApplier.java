package dev.plinth.deployer.loop;

import dev.plinth.contracts.events.DeploymentEvent;
import dev.plinth.deployer.reconcile.Action;
import dev.plinth.deployer.reconcile.DeploymentStatus;
import dev.plinth.deployer.reconcile.DeploymentView;
import dev.plinth.deployer.reconcile.Plan;
import dev.plinth.deployer.store.DeploymentRepository;
import dev.plinth.deployer.store.InstanceRepository;
import dev.plinth.kit.control.Lease;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes a plan to MongoDB and announces what changed.
 *
 * <p>Order: first the deployment-level actions in one update that only matches the generation the
 * plan was made for (when the plan has none, the update only stamps the lease's token); if the
 * desired state changed meanwhile, nothing is written and the plan is dropped. Then instance stops
 * ({@code desired: STOP}, {@code stopReason}; never twice), then new instances.</p>
 *
 * <p>Every write is fenced with the {@code deployer} lease: once a newer holder has written the
 * deployment or an instance, the write is refused and {@link Lease.LostLease} ends the plan there.
 * It is not a conflict to plan again for: this process no longer holds the lease.</p>
 *
 * <p>Events on {@code deployment.events}: {@code FAILED} (with the reason) whenever the status
 * becomes FAILED; {@code ROLLED_OUT} when it becomes RUNNING from anything but DEGRADED (a
 * recovery is not a rollout); and, whenever instances were written, a {@code DESIRED} event with
 * the deployment's current generation, which wakes node-manager (and this deployer, harmlessly:
 * the next pass finds nothing to do).</p>
 */
@Singleton
public class PlanApplier {

    private static final Logger LOG = LoggerFactory.getLogger(PlanApplier.class);

    /** The {@code reason} of the DESIRED wake-up events the deployer publishes. */
    public static final String INSTANCES_CHANGED = "instances changed by the deployer";

    private final DeploymentRepository deployments;
    private final InstanceRepository instances;
    private final EventPublisher events;

    public PlanApplier(DeploymentRepository deployments, InstanceRepository instances, EventPublisher events) {
        this.deployments = deployments;
        this.instances = instances;
        this.events = events;
    }

    /**
     * What applying a plan did.
     *
     * @param stale            the deployment's generation changed; nothing was written
     * @param deploymentChanged the desired state itself changed (a rollback)
     * @param instancesWritten instances created or asked to stop
     */
    public record Result(boolean stale, boolean deploymentChanged, int instancesWritten) {
        static final Result STALE = new Result(true, false, 0);
    }

    /**
     * @param deployment the deployment the plan was made for
     * @param plan       the plan
     * @param now        the time of the decision
     * @param lease      the deployer's lease, which fences every write
     * @return what was written
     * @throws Lease.LostLease when a newer holder of the lease has written what the plan touches, or
     *                         this process's term is up; what was written before stays
     */
    public Result apply(DeploymentView deployment, Plan plan, Instant now, Lease lease) {
        if (plan.isEmpty()) {
            return new Result(false, false, 0);
        }
        Action.SetStatus status = plan.statusChange().orElse(null);
        Action.MarkStable stable = plan.actions(Action.MarkStable.class).stream().findFirst().orElse(null);
        Action.Rollback rollback = plan.rollback().orElse(null);
        if (!deployments.update(deployment.id(), deployment.generation(), status, stable, rollback, now, lease)) {
            LOG.debug("deployment {} changed while it was reconciled; planning again", deployment.id());
            return Result.STALE;
        }

        List<String> done = new ArrayList<>();
        int written = 0;
        for (Action.StopInstance stop : plan.actions(Action.StopInstance.class)) {
            if (instances.requestStop(stop.instanceId(), stop.reason(), lease)) {
                written++;
                done.add("stop " + stop.instanceId() + " (" + stop.reason().value() + ")");
            }
        }
        for (Action.CreateInstance create : plan.actions(Action.CreateInstance.class)) {
            String id = instances.create(deployment, create.version(), create.spec(), create.avoidNodes(), now, lease);
            written++;
            done.add("create " + id + (create.avoidNodes().isEmpty() ? "" : " avoiding " + create.avoidNodes()));
        }
        if (status != null) {
            done.add(0, "status " + status.status() + (status.reason() == null ? "" : ": " + status.reason()));
        }
        if (stable != null) {
            done.add("stable version " + stable.version());
        }
        if (rollback != null) {
            done.add("rolled back to " + rollback.toVersion());
        }
        LOG.info("deployment {} of {}: {}", deployment.id(), deployment.app(), String.join("; ", done));

        String version = rollback != null ? rollback.toVersion() : deployment.version();
        long generation = rollback != null ? deployment.generation() + 1 : deployment.generation();
        if (status != null && status.status() == DeploymentStatus.FAILED) {
            publish(deployment, DeploymentEvent.Type.FAILED, version, generation, status.reason(), now);
        }
        if (status != null && status.status() == DeploymentStatus.RUNNING
                && deployment.status() != DeploymentStatus.DEGRADED) {
            publish(deployment, DeploymentEvent.Type.ROLLED_OUT, version, generation, null, now);
        }
        if (written > 0) {
            publish(deployment, DeploymentEvent.Type.DESIRED, version, generation, INSTANCES_CHANGED, now);
        }
        return new Result(false, rollback != null, written);
    }

    private void publish(DeploymentView deployment, DeploymentEvent.Type type, String version, long generation,
                         String reason, Instant now) {
        events.publish(new DeploymentEvent(UUID.randomUUID().toString(), type, deployment.id(), deployment.app(),
                version, deployment.instances(), generation, reason, now));
    }
}
