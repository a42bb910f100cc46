package dev.plinth.nodemanager.control;

import com.mongodb.client.MongoDatabase;
import dev.plinth.contracts.events.NodeEvent;
import dev.plinth.kit.control.Backoff;
import dev.plinth.kit.control.Lease;
import dev.plinth.kit.control.WorkQueue;
import dev.plinth.nodemanager.assignment.Assigner;
import dev.plinth.nodemanager.dispatch.CommandDispatcher;
import dev.plinth.nodemanager.instances.InstanceRecord;
import dev.plinth.nodemanager.instances.InstanceStore;
import dev.plinth.nodemanager.instances.InstancesChanged;
import dev.plinth.nodemanager.registry.NodeRegistry;
import dev.plinth.nodemanager.registry.NodeState;
import dev.plinth.nodemanager.registry.NodeSync;
import dev.plinth.nodemanager.registry.NodeView;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs node-manager's loops on one worker of the kit's {@link WorkQueue}, every
 * {@code plinth.nodes.loop-interval} and at once when woken ({@link InstancesChanged}: a deployment
 * changed, an instance ended); wake-ups that arrive while a pass waits merge into it. One pass:
 * <ol>
 *   <li>sync the registry with {@code nodes} (every process: admin states may change anywhere);</li>
 *   <li>take or renew the {@code node-manager} lease; without it, stop here;</li>
 *   <li>write node states and load, say which nodes changed state on {@code node.events}, place
 *       unbound instances, and send the commands that are due.</li>
 * </ol>
 * The writes of step 3 are fenced with the lease's token ({@code leaseToken.node-manager} on the
 * nodes and instances written): a holder that stalled past its term (a long GC pause, a stopped
 * process, a send that blocked) and writes after a newer holder has is refused, and stands by at once,
 * logged once, instead of retrying the pass.
 * A failing pass (MongoDB or Kafka away) is logged once, retried with backoff and at every tick,
 * and its recovery logged once.
 */
@Context
public class ControlLoop implements ApplicationEventListener<InstancesChanged> {

    private static final Logger LOG = LoggerFactory.getLogger(ControlLoop.class);
    /** The lease's name in {@code leases}. */
    public static final String LEASE = "node-manager";
    /** The queue's one key: every pass covers every node and instance. */
    private static final String PASS = "control-pass";

    private final NodeRegistry registry;
    private final NodeSync nodeSync;
    private final InstanceStore instances;
    private final Assigner assigner;
    private final CommandDispatcher dispatcher;
    private final NodeEventClient nodeEvents;
    private final Lease lease;
    private final WorkQueue<String> queue;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "node-manager-tick");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, NodeState> lastStates = new HashMap<>();
    private volatile boolean indexed;
    private volatile boolean leadingNow;

    @Inject
    public ControlLoop(NodeRegistry registry, NodeSync nodeSync, InstanceStore instances, Assigner assigner,
                       CommandDispatcher dispatcher, NodeEventClient nodeEvents, MongoDatabase database,
                       @Value("${plinth.nodes.loop-interval:1s}") Duration interval,
                       @Value("${plinth.nodes.lease-term:10s}") Duration leaseTerm) {
        this(registry, nodeSync, instances, assigner, dispatcher, nodeEvents, database, interval, leaseTerm,
                Clock.systemUTC(), "node-manager-" + UUID.randomUUID());
    }

    ControlLoop(NodeRegistry registry, NodeSync nodeSync, InstanceStore instances, Assigner assigner,
                CommandDispatcher dispatcher, NodeEventClient nodeEvents, MongoDatabase database, Duration interval,
                Duration leaseTerm, Clock clock, String holder) {
        this.registry = registry;
        this.nodeSync = nodeSync;
        this.instances = instances;
        this.assigner = assigner;
        this.dispatcher = dispatcher;
        this.nodeEvents = nodeEvents;
        this.lease = new Lease(database, LEASE, holder, leaseTerm, clock);
        this.queue = new WorkQueue<>("node-manager control loop", 1,
                Backoff.exponential(interval, interval.multipliedBy(10)).withJitter(0.2), clock, key -> pass());
        queue.start();
        ticker.scheduleWithFixedDelay(this::wake, 500, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs a pass soon, without waiting for the next tick; wake-ups while one is queued merge. */
    public void wake() {
        queue.wake(PASS);
    }

    /** @return true while this process holds the lease and acts */
    public boolean holdsLease() {
        return leadingNow;
    }

    @Override
    public void onApplicationEvent(InstancesChanged event) {
        LOG.debug("woken: {}", event.why());
        wake();
    }

    /**
     * Says which nodes changed state since the last pass. The deployer moves the instances of a lost
     * or draining node; it would find out at its next resync, the event saves seconds.
     */
    private void announceNodeChanges(List<NodeView> nodes) {
        Instant now = Instant.now();
        for (NodeView node : nodes) {
            NodeState previous = lastStates.put(node.name(), node.state());
            if (previous == null || previous == node.state()) {
                continue;
            }
            try {
                nodeEvents.send(node.name(), new NodeEvent(UUID.randomUUID().toString(), node.name(),
                        node.state().name(), previous.name(), now));
            } catch (RuntimeException e) {
                LOG.debug("cannot announce that node {} is {}: {}", node.name(), node.state(), e.getMessage());
            }
        }
    }

    private void pass() {
        nodeSync.refresh();
        boolean had = leadingNow;
        leadingNow = lease.hold();
        if (leadingNow != had) {
            LOG.info(leadingNow ? "{} holds lease {} and places and dispatches" : "{} lost lease {}; standing by",
                    lease.holder(), LEASE);
        }
        if (!leadingNow) {
            return;
        }
        try {
            lead();
        } catch (Lease.LostLease e) {
            // Not a failure to retry: another process acts now, and the next pass asks the store.
            leadingNow = false;
            LOG.warn("{} stopped writing ({}); standing by", lease.holder(), e.getMessage());
        }
    }

    /** The holder's part of a pass. */
    private void lead() {
        if (!indexed) {
            instances.ensureIndexes();
            indexed = true;
        }
        nodeSync.persist(lease);
        List<NodeView> nodes = registry.nodes();
        announceNodeChanges(nodes);
        List<InstanceRecord> notEnded = instances.notEnded();
        if (assigner.assign(nodes, notEnded, lease) > 0) {
            notEnded = instances.notEnded();
        }
        dispatcher.dispatch(nodes, notEnded, lease);
    }

    @PreDestroy
    void close() {
        ticker.shutdownNow();
        queue.close();
        if (leadingNow) {
            try {
                lease.release();
            } catch (RuntimeException e) {
                LOG.debug("cannot release lease {}: {}", LEASE, e.getMessage());
            }
        }
    }
}
