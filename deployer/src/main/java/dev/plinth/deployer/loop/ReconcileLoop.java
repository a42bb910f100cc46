package dev.plinth.deployer.loop;

import dev.plinth.deployer.reconcile.DeploymentView;
import dev.plinth.deployer.reconcile.InstanceView;
import dev.plinth.deployer.reconcile.Plan;
import dev.plinth.deployer.reconcile.Reconciler;
import dev.plinth.deployer.reconcile.StopReason;
import dev.plinth.deployer.store.DeploymentRepository;
import dev.plinth.deployer.store.InstanceRepository;
import dev.plinth.deployer.store.LeaseRepository;
import dev.plinth.deployer.store.NodeRepository;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
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
 *       deployment: a deployment is queued at most once.</li>
 *   <li>One worker thread takes deployments off the queue one by one: it reads a snapshot (the
 *       deployment, its instances, the nodes' states), asks the {@link Reconciler} for a plan and
 *       has the {@link PlanApplier} write it. A pass never waits for anything; waiting is state,
 *       so one app's slow or failing rollout never holds up another app.</li>
 *   <li>Only the holder of the {@code deployer} lease acts (renewed every
 *       {@code plinth.deployer.lease-renew-interval}, taken over once expired); a standby drops its
 *       wake-ups and resyncs everything when it takes the lease over.</li>
 *   <li>A deployment whose document is gone counts as inactive: its instances are asked to stop
 *       (reason {@code stopped}).</li>
 *   <li>A store fault is logged once per deployment and retried with a doubling delay (1 s up to
 *       30 s); the resync would catch it anyway.</li>
 * </ul>
 */
@Context
public class ReconcileLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileLoop.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LAST_RETRY = Duration.ofSeconds(30);
    private static final Duration IDLE_CHECK = Duration.ofMillis(200);

    private final DeploymentRepository deployments;
    private final InstanceRepository instances;
    private final NodeRepository nodes;
    private final PlanApplier applier;
    private final DeployerSettings settings;
    private final DeployerLease lease;
    private final Reconciler reconciler;
    private final Clock clock;

    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> rechecks = new ConcurrentHashMap<>();
    private final Map<String, Integer> retries = new ConcurrentHashMap<>();
    private final AtomicBoolean timerFailing = new AtomicBoolean();
    private final ScheduledThreadPoolExecutor timer;
    private final Thread worker;
    private volatile boolean running;
    private volatile boolean indexesReady;

    @Inject
    public ReconcileLoop(DeploymentRepository deployments, InstanceRepository instances, NodeRepository nodes,
                         LeaseRepository leases, PlanApplier applier, DeployerSettings settings) {
        this(deployments, instances, nodes, leases, applier, settings, Clock.systemUTC(),
                "deployer-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    ReconcileLoop(DeploymentRepository deployments, InstanceRepository instances, NodeRepository nodes,
                  LeaseRepository leases, PlanApplier applier, DeployerSettings settings, Clock clock, String holder) {
        this.deployments = deployments;
        this.instances = instances;
        this.nodes = nodes;
        this.applier = applier;
        this.settings = settings;
        this.clock = clock;
        this.lease = new DeployerLease(leases, holder, settings.leaseDuration(), clock);
        this.reconciler = new Reconciler(settings.policy());
        this.timer = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "deployer-timer"));
        // On close, drop pending wake-ups but let a running renewal or resync finish.
        this.timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.worker = daemon(this::work, "deployer-reconcile");
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Starts the worker, the lease renewal and the resync timer. */
    @PostConstruct
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        worker.start();
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
        if (deploymentId != null && queued.add(deploymentId)) {
            queue.offer(deploymentId);
        }
    }

    /**
     * Queues a deployment for a pass after a delay, unless an earlier one is pending already.
     *
     * @param deploymentId the deployment
     * @param delay        how long from now
     */
    public void wakeAfter(String deploymentId, Duration delay) {
        if (deploymentId != null) {
            wakeAt(deploymentId, clock.instant().plus(delay));
        }
    }

    /** Queues every deployment that may need work: active ones and inactive ones not yet STOPPED. */
    public void resync() {
        if (!lease.isHeld()) {
            return;
        }
        try {
            deployments.idsToResync().forEach(this::wake);
            recovered("resync");
        } catch (RuntimeException e) {
            failedOnTimer("resync", e);
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
            boolean holds = lease.renew();
            recovered("lease renewal");
            if (holds && !had) {
                LOG.info("{} holds the deployer lease and reconciles", lease.holder());
                ensureIndexes();
                resync();
            } else if (!holds && had) {
                LOG.warn("{} lost the deployer lease to another process; standing by", lease.holder());
            }
        } catch (RuntimeException e) {
            failedOnTimer("lease renewal", e);
        }
    }

    private void ensureIndexes() {
        if (!indexesReady) {
            deployments.ensureIndexes();
            instances.ensureIndexes();
            indexesReady = true;
        }
    }

    private void work() {
        while (running) {
            String deploymentId;
            try {
                // A timed poll, so close() can let a pass finish instead of interrupting it.
                deploymentId = queue.poll(IDLE_CHECK.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (deploymentId == null) {
                continue;
            }
            queued.remove(deploymentId);
            if (!lease.isHeld()) {
                continue;
            }
            try {
                reconcile(deploymentId);
                Integer failures = retries.remove(deploymentId);
                if (failures != null) {
                    LOG.info("deployment {} reconciles again after {} failed attempt(s)", deploymentId, failures);
                }
            } catch (RuntimeException e) {
                if (running) {
                    retryLater(deploymentId, e);
                }
            }
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
            PlanApplier.Result result = applier.apply(deployment, plan, now);
            if (result.stale() || result.deploymentChanged()) {
                wake(deploymentId);
            }
        }
        if (plan.recheckAt() != null) {
            wakeAt(deploymentId, plan.recheckAt());
        }
    }

    /** A deployment document that is gone counts as inactive: its instances must not run on. */
    private void stopOrphans(String deploymentId) {
        for (InstanceView instance : instances.findByDeployment(deploymentId)) {
            if (instance.wanted() && instances.requestStop(instance.id(), StopReason.STOPPED)) {
                LOG.info("instance {} stops: its deployment {} no longer exists", instance.id(), deploymentId);
            }
        }
    }

    private void retryLater(String deploymentId, RuntimeException e) {
        int failures = retries.merge(deploymentId, 1, Integer::sum);
        Duration delay = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 5));
        if (delay.compareTo(LAST_RETRY) > 0) {
            delay = LAST_RETRY;
        }
        if (failures == 1) {
            LOG.warn("cannot reconcile deployment {}: {}; retrying with backoff", deploymentId, e.toString(), e);
        }
        wakeAt(deploymentId, clock.instant().plus(delay));
    }

    /** Wakes a deployment at a time, unless an earlier wake-up is pending already. */
    private void wakeAt(String deploymentId, Instant at) {
        Instant pending = rechecks.get(deploymentId);
        if (pending != null && !pending.isAfter(at) || !running) {
            return;
        }
        rechecks.put(deploymentId, at);
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        timer.schedule(() -> {
            rechecks.remove(deploymentId, at);
            wake(deploymentId);
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void failedOnTimer(String what, RuntimeException e) {
        if (timerFailing.compareAndSet(false, true)) {
            LOG.warn("deployer {} failed: {}; trying again on schedule", what, e.toString());
        }
    }

    private void recovered(String what) {
        if (timerFailing.compareAndSet(true, false)) {
            LOG.info("deployer {} works again", what);
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
            worker.join(TimeUnit.SECONDS.toMillis(5));
            if (worker.isAlive()) {
                worker.interrupt();
                worker.join(TimeUnit.SECONDS.toMillis(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            lease.release();
        } catch (RuntimeException e) {
            LOG.warn("could not give the deployer lease up ({}); it expires on its own", e.toString());
        }
    }
}
