package dev.plinth.deployer.loop;

import com.mongodb.client.MongoDatabase;
import dev.plinth.deployer.reconcile.DeploymentView;
import dev.plinth.deployer.reconcile.InstanceView;
import dev.plinth.deployer.reconcile.Plan;
import dev.plinth.deployer.reconcile.Reconciler;
import dev.plinth.deployer.reconcile.StopReason;
import dev.plinth.deployer.store.DeploymentRepository;
import dev.plinth.deployer.store.InstanceRepository;
import dev.plinth.deployer.store.NodeRepository;
import dev.plinth.kit.control.Backoff;
import dev.plinth.kit.control.FailureLog;
import dev.plinth.kit.control.Lease;
import dev.plinth.kit.control.WorkQueue;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The deployer's level-triggered loop.
 *
 * <ul>
 *   <li>Wake-ups ({@link #wake}) come from {@code deployment.events}, {@code instance.status}, a
 *       resync of every deployment that may need work (every {@code plinth.deployer.resync-interval},
 *       5 s by default), the time a plan said to look again, and retries. They are coalesced per
 *       deployment by the kit's {@link WorkQueue}: a deployment is queued at most once.</li>
 *   <li>One worker thread takes deployments off the queue one by one: it reads a snapshot (the
 *       deployment, its instances, the nodes' states), asks the {@link Reconciler} for a plan and
 *       has the {@link PlanApplier} write it. A pass never waits for anything; waiting is state,
 *       so one app's slow or failing rollout never holds up another app.</li>
 *   <li>Only the holder of the {@code deployer} lease acts (renewed every
 *       {@code plinth.deployer.lease-renew-interval}, taken over once expired); a standby drops its
 *       wake-ups and resyncs everything when it takes the lease over.</li>
 *   <li>Every write is fenced with the lease's token ({@code leaseToken.deployer} on the deployment
 *       and instances it writes): a holder that stalled past its term (a long GC pause, a stopped
 *       process) and writes after a newer holder has is refused. It then stands by at once, logged
 *       once, rather than plan again as if the write had met a change.</li>
 *   <li>A deployment whose document is gone counts as inactive: its instances are asked to stop
 *       (reason {@code stopped}).</li>
 *   <li>A store fault is logged once per deployment and retried with a doubling delay (1 s up to
 *       30 s, with jitter); the resync would catch it anyway.</li>
 * </ul>
 */
@Context
public class ReconcileLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileLoop.class);
    /** The lease's {@code _id}. */
    static final String LEASE = "deployer";
    private static final Backoff RETRY = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30)).withJitter(0.2);

    private final DeploymentRepository deployments;
    private final InstanceRepository instances;
    private final NodeRepository nodes;
    private final PlanApplier applier;
    private final DeployerSettings settings;
    private final Lease lease;
    private final Reconciler reconciler;
    private final Clock clock;

    private final WorkQueue<String> queue;
    private final FailureLog timerFailures = new FailureLog(LOG, "deployer lease renewal or resync failed; trying again on schedule",
            "deployer lease renewal and resync work again");
    private final ScheduledThreadPoolExecutor timer;
    private volatile boolean running;
    private volatile boolean indexesReady;
    /** Whether this loop last said it acts: the renewal and a fenced-off pass both report losing the lease, once. */
    private final AtomicBoolean acting = new AtomicBoolean();

    @Inject
    public ReconcileLoop(DeploymentRepository deployments, InstanceRepository instances, NodeRepository nodes,
                         MongoDatabase database, PlanApplier applier, DeployerSettings settings) {
        this(deployments, instances, nodes, database, applier, settings, Clock.systemUTC(),
                "deployer-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    ReconcileLoop(DeploymentRepository deployments, InstanceRepository instances, NodeRepository nodes,
                  MongoDatabase database, PlanApplier applier, DeployerSettings settings, Clock clock, String holder) {
        this.deployments = deployments;
        this.instances = instances;
        this.nodes = nodes;
        this.applier = applier;
        this.settings = settings;
        this.clock = clock;
        this.lease = new Lease(database, LEASE, holder, settings.leaseDuration(), clock);
        this.reconciler = new Reconciler(settings.policy());
        this.queue = new WorkQueue<>("deployment", 1, RETRY, clock, this::pass);
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "deployer-timer");
            thread.setDaemon(true);
            return thread;
        });
        // On close, drop pending work but let a running renewal or resync finish.
        this.timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Starts the worker, the lease renewal and the resync timer. */
    @PostConstruct
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        queue.start();
        timer.scheduleWithFixedDelay(this::renewLease, 0, settings.leaseRenewInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::resync, settings.resyncInterval().toMillis(),
                settings.resyncInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Queues a deployment for a reconcile pass, unless it is queued already. Safe from any thread.
     *
     * @param deploymentId the deployment
     */
    public void wake(String deploymentId) {
        queue.wake(deploymentId);
    }

    /**
     * Queues a deployment for a pass after a delay, unless an earlier one is pending already.
     *
     * @param deploymentId the deployment
     * @param delay        how long from now
     */
    public void wakeAfter(String deploymentId, Duration delay) {
        if (running) {
            queue.wakeAfter(deploymentId, delay);
        }
    }

    /** Queues every deployment that may need work: active ones and inactive ones not yet STOPPED. */
    public void resync() {
        if (!lease.isHeld()) {
            return;
        }
        try {
            deployments.idsToResync().forEach(this::wake);
            timerFailures.recovered();
        } catch (RuntimeException e) {
            timerFailures.failed("resync: " + e);
        }
    }

    /** @return true while this process holds the lease and acts */
    public boolean holdsLease() {
        return lease.isHeld();
    }

    /** @return the name this process holds the lease under */
    public String holder() {
        return lease.holder();
    }

    private void renewLease() {
        boolean had = lease.isHeld();
        try {
            boolean holds = lease.acquire();
            timerFailures.recovered();
            if (holds && !had) {
                acting.set(true);
                LOG.info("{} holds the deployer lease and reconciles", lease.holder());
                ensureIndexes();
                resync();
            } else if (!holds && had) {
                standBy("lost the deployer lease to another process");
            }
        } catch (RuntimeException e) {
            timerFailures.failed("lease renewal: " + e);
        }
    }

    private void ensureIndexes() {
        if (!indexesReady) {
            deployments.ensureIndexes();
            instances.ensureIndexes();
            indexesReady = true;
        }
    }

    private void standBy(String why) {
        if (acting.getAndSet(false)) {
            LOG.warn("{} {}; standing by", lease.holder(), why);
        }
    }

    /** The queue's work for one deployment; a standby drops it. */
    private void pass(String deploymentId) {
        if (!lease.isHeld()) {
            return;
        }
        try {
            reconcile(deploymentId);
        } catch (Lease.LostLease e) {
            // Not a failure to retry: another process acts now, and the next renewal asks the store.
            standBy("stopped writing deployment " + deploymentId + " (" + e.getMessage() + ")");
        }
    }

    /** One pass for one deployment: snapshot, plan, write. */
    private void reconcile(String deploymentId) {
        Instant now = clock.instant();
        Optional<DeploymentView> found = deployments.find(deploymentId);
        if (found.isEmpty()) {
            stopOrphans(deploymentId);
            return;
        }
        DeploymentView deployment = found.get();
        Plan plan = reconciler.reconcile(deployment, instances.findByDeployment(deploymentId), nodes.states(), now);
        if (!plan.isEmpty()) {
            PlanApplier.Result result = applier.apply(deployment, plan, now, lease);
            if (result.stale() || result.deploymentChanged()) {
                wake(deploymentId);
            }
        }
        if (plan.recheckAt() != null) {
            queue.wakeAt(deploymentId, plan.recheckAt());
        }
    }

    /** A deployment document that is gone counts as inactive: its instances must not run on. */
    private void stopOrphans(String deploymentId) {
        for (InstanceView instance : instances.findByDeployment(deploymentId)) {
            if (instance.wanted() && instances.requestStop(instance.id(), StopReason.STOPPED, lease)) {
                LOG.info("instance {} stops: its deployment {} no longer exists", instance.id(), deploymentId);
            }
        }
    }

    /** Stops the worker and the timers and gives the lease up. */
    @Override
    @PreDestroy
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        timer.shutdown();
        try {
            if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.close();
        try {
            lease.release();
        } catch (RuntimeException e) {
            LOG.warn("could not give the deployer lease up ({}); it expires on its own", e.toString());
        }
    }
}
