package dev.plinth.nodemanager.control;

import com.mongodb.client.MongoClient;
import dev.plinth.nodemanager.assignment.Assigner;
import dev.plinth.nodemanager.dispatch.CommandDispatcher;
import dev.plinth.nodemanager.instances.InstanceRecord;
import dev.plinth.nodemanager.instances.InstanceStore;
import dev.plinth.nodemanager.instances.InstancesChanged;
import dev.plinth.nodemanager.registry.NodeRegistry;
import dev.plinth.nodemanager.registry.NodeSync;
import dev.plinth.nodemanager.registry.NodeView;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs node-manager's loops on one thread, every {@code plinth.nodes.loop-interval} and at once when
 * woken ({@link InstancesChanged}: a deployment changed, an instance ended). One pass:
 * <ol>
 *   <li>sync the registry with {@code nodes} (every process: admin states may change anywhere);</li>
 *   <li>take or renew the {@code node-manager} lease; without it, stop here;</li>
 *   <li>write node states and load, place unbound instances, and send the commands that are due.</li>
 * </ol>
 * A failing pass (MongoDB or Kafka away) is logged once and retried at the next tick.
 */
@Context
public class ControlLoop implements ApplicationEventListener<InstancesChanged> {

    private static final Logger LOG = LoggerFactory.getLogger(ControlLoop.class);
    /** The lease's name in {@code leases}. */
    public static final String LEASE = "node-manager";

    private final NodeRegistry registry;
    private final NodeSync nodeSync;
    private final InstanceStore instances;
    private final Assigner assigner;
    private final CommandDispatcher dispatcher;
    private final Lease lease;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "node-manager-loop");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private volatile String lastFailure;
    private volatile boolean indexed;
    private volatile boolean leadingNow;
    private final java.util.Map<String, dev.plinth.nodemanager.registry.NodeState> lastStates = new java.util.HashMap<>();
    private final DeploymentWakeClient wakeups;

    public ControlLoop(NodeRegistry registry, NodeSync nodeSync, InstanceStore instances, Assigner assigner,
                       CommandDispatcher dispatcher, DeploymentWakeClient wakeups, MongoClient mongo,
                       @Value("${plinth.mongodb.database:plinth}") String database,
                       @Value("${plinth.nodes.loop-interval:1s}") Duration interval,
                       @Value("${plinth.nodes.lease-term:10s}") Duration leaseTerm) {
        this.registry = registry;
        this.nodeSync = nodeSync;
        this.instances = instances;
        this.assigner = assigner;
        this.dispatcher = dispatcher;
        this.wakeups = wakeups;
        this.lease = new Lease(mongo, database, LEASE, "node-manager-" + UUID.randomUUID(), leaseTerm, Clock.systemUTC());
        thread.scheduleWithFixedDelay(this::pass, 500, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs a pass soon, without waiting for the next tick; wake-ups while one is queued merge. */
    public void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            try {
                thread.execute(this::pass);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                wakeQueued.set(false);
            }
        }
    }

    @Override
    public void onApplicationEvent(InstancesChanged event) {
        LOG.debug("woken: {}", event.why());
        wake();
    }

    /**
     * A node that was just lost or put to draining: the deployer must replace its instances. It
     * would find out at its next resync; a wake-up for each affected deployment saves seconds.
     */
    private void wakeDeployerForNodeChanges(List<NodeView> nodes, List<InstanceRecord> notEnded) {
        java.util.Set<String> changed = new java.util.HashSet<>();
        for (NodeView node : nodes) {
            dev.plinth.nodemanager.registry.NodeState previous = lastStates.put(node.name(), node.state());
            boolean needsMoves = node.state() == dev.plinth.nodemanager.registry.NodeState.LOST
                    || node.state() == dev.plinth.nodemanager.registry.NodeState.DRAINING;
            if (previous != null && previous != node.state() && needsMoves) {
                changed.add(node.name());
            }
        }
        if (changed.isEmpty() || wakeups == null) {
            return;
        }
        java.util.Map<String, InstanceRecord> byDeployment = new java.util.LinkedHashMap<>();
        for (InstanceRecord instance : notEnded) {
            if (instance.node() != null && changed.contains(instance.node()) && instance.deploymentId() != null
                    && "RUN".equals(instance.desired())) {
                byDeployment.putIfAbsent(instance.deploymentId(), instance);
            }
        }
        byDeployment.forEach((deploymentId, instance) -> {
            try {
                wakeups.send(deploymentId, new dev.plinth.contracts.events.DeploymentEvent(java.util.UUID.randomUUID().toString(),
                        dev.plinth.contracts.events.DeploymentEvent.Type.DESIRED, deploymentId, instance.app(),
                        instance.version() == null ? "" : instance.version(), 0, instance.generation(),
                        "node " + instance.node() + " changed state", java.time.Instant.now()));
            } catch (RuntimeException e) {
                LOG.debug("cannot wake the deployer for {}: {}", deploymentId, e.getMessage());
            }
        });
    }

    private void pass() {
        wakeQueued.set(false);
        try {
            nodeSync.refresh();
            leadingNow = lease.hold();
            if (!leadingNow) {
                return;
            }
            if (!indexed) {
                instances.ensureIndexes();
                indexed = true;
            }
            nodeSync.persist();
            List<NodeView> nodes = registry.nodes();
            List<InstanceRecord> notEnded = instances.notEnded();
            wakeDeployerForNodeChanges(nodes, notEnded);
            if (assigner.assign(nodes, notEnded) > 0) {
                notEnded = instances.notEnded();
            }
            dispatcher.dispatch(nodes, notEnded);
            if (lastFailure != null) {
                LOG.info("node-manager's control loop works again");
                lastFailure = null;
            }
        } catch (RuntimeException e) {
            String failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (!failure.equals(lastFailure)) {
                LOG.warn("node-manager's control loop failed; retrying every tick: {}", failure, e);
            }
            lastFailure = failure;
        }
    }

    @PreDestroy
    void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (leadingNow) {
            lease.release();
        }
    }
}
