package dev.plinth.nodemanager.dispatch;

import dev.plinth.contracts.events.InstanceSpec;
import dev.plinth.contracts.events.NodeCommand;
import dev.plinth.kit.control.Lease;
import dev.plinth.nodemanager.instances.InstanceRecord;
import dev.plinth.nodemanager.instances.InstanceStore;
import dev.plinth.nodemanager.instances.SpecFields;
import dev.plinth.nodemanager.registry.NodeView;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One dispatch pass: reads the heartbeats' instances it does not have yet, asks the
 * {@link DispatchPlanner} what to do, and does it. A START goes out before {@code startCommandAt} is
 * written (a lost write only means a repeated START, which the agent ignores); when STOPs went out is
 * kept in memory (a restart only means one more STOP). The writes are fenced with the
 * {@code node-manager} lease; a command is sent only while this process's term runs, and carries the
 * lease's token as its fence: an agent refuses a command with a lower token than one it has carried
 * out, so a command sent just before a stall cannot undo a newer holder's.
 */
@Singleton
public class CommandDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(CommandDispatcher.class);

    private final InstanceStore store;
    private final NodeCommandClient client;
    private final String gatewayUrl;
    private final Duration resendAfter;
    private final Clock clock;
    private final Map<String, Instant> stopsSentAt = new ConcurrentHashMap<>();
    private final Set<String> unsendable = ConcurrentHashMap.newKeySet();

    @Inject
    public CommandDispatcher(InstanceStore store, NodeCommandClient client,
                             @Value("${plinth.gateway.url:`http://127.0.0.1:8080`}") String gatewayUrl,
                             @Value("${plinth.nodes.resend-after:10s}") Duration resendAfter) {
        this(store, client, gatewayUrl, resendAfter, Clock.systemUTC());
    }

    CommandDispatcher(InstanceStore store, NodeCommandClient client, String gatewayUrl, Duration resendAfter, Clock clock) {
        this.store = store;
        this.client = client;
        this.gatewayUrl = gatewayUrl.endsWith("/") ? gatewayUrl.substring(0, gatewayUrl.length() - 1) : gatewayUrl;
        this.resendAfter = resendAfter;
        this.clock = clock;
    }

    /**
     * @param nodes    the registry's nodes
     * @param notEnded the instances that have not ended, as read just now
     * @param lease    the {@code node-manager} lease this process holds
     * @throws Lease.LostLease when a newer holder of the lease wrote an instance, or this process's term is up
     */
    public void dispatch(List<NodeView> nodes, List<InstanceRecord> notEnded, Lease lease) {
        Instant now = clock.instant();
        Map<String, InstanceRecord> instances = new HashMap<>();
        notEnded.forEach(i -> instances.put(i.id(), i));
        Set<String> unknown = new HashSet<>();
        for (NodeView node : nodes) {
            if (node.live() && node.lastHeartbeat() != null) {
                node.lastHeartbeat().instances().stream().filter(id -> !instances.containsKey(id)).forEach(unknown::add);
            }
        }
        store.byIds(unknown).forEach(i -> instances.put(i.id(), i));
        forgetOldStops(now);

        for (Decision decision : DispatchPlanner.decide(now, nodes, instances, stopsSentAt, resendAfter)) {
            if (decision instanceof Decision.Start start) {
                start(start.instance(), now, lease);
            } else if (decision instanceof Decision.Stop stop) {
                stop(stop, now, lease);
            } else if (decision instanceof Decision.EndNeverStarted end && store.endNeverStarted(end.instanceId(), now, lease)) {
                LOG.info("instance {} is stopped: it was not wanted any more before it was started", end.instanceId());
            }
        }
    }

    /** A command cannot be fenced: it goes out only while this process's term runs. */
    private static void stillHeld(Lease lease) {
        if (!lease.isHeld()) {
            throw new Lease.LostLease(lease.name());
        }
    }

    private void start(InstanceRecord instance, Instant now, Lease lease) {
        SpecFields spec = instance.spec();
        if (spec.artifactSha256() == null || instance.port() == null) {
            if (unsendable.add(instance.id())) {
                LOG.warn("instance {} cannot be started: its record has no {}", instance.id(),
                        spec.artifactSha256() == null ? "spec.artifactSha256" : "port");
            }
            return;
        }
        InstanceSpec launch = new InstanceSpec(instance.id(), instance.app(),
                spec.version() != null ? spec.version() : instance.version(),
                instance.deploymentId(), spec.artifactSha256(), gatewayUrl + "/api/artifacts/" + spec.artifactSha256(),
                spec.command(), spec.image(), instance.port(), spec.containerPort(), spec.env(), spec.cpu(),
                spec.memoryMb(), spec.healthPath(), spec.healthIntervalSeconds(), spec.healthTimeoutSeconds(),
                spec.failureThreshold(), spec.startupSeconds(), spec.runtimes());
        NodeCommand command = new NodeCommand(UUID.randomUUID().toString(),
                "start:" + instance.id() + ":" + instance.generation(), NodeCommand.Type.START_INSTANCE,
                instance.node(), instance.id(), instance.generation(), launch, null, now, lease.token());
        stillHeld(lease);
        client.send(instance.node(), command);
        store.startSent(instance.id(), now, lease);
        LOG.info("start of {} sent to {}{}", instance.id(), instance.node(),
                instance.startCommandAt() == null ? "" : " again: no report since " + instance.startCommandAt());
    }

    private void stop(Decision.Stop stop, Instant now, Lease lease) {
        NodeCommand command = new NodeCommand(UUID.randomUUID().toString(), "stop:" + stop.instanceId(),
                NodeCommand.Type.STOP_INSTANCE, stop.node(), stop.instanceId(), stop.generation(), null, stop.reason(), now,
                lease.token());
        stillHeld(lease);
        client.send(stop.node(), command);
        stopsSentAt.put(DispatchPlanner.key(stop.node(), stop.instanceId()), now);
        LOG.info("stop of {} sent to {} ({})", stop.instanceId(), stop.node(), stop.reason());
    }

    /** Forgets STOPs long past, so the map does not grow with every instance ever stopped. */
    private void forgetOldStops(Instant now) {
        Instant cutoff = now.minus(resendAfter.multipliedBy(6));
        stopsSentAt.values().removeIf(at -> at.isBefore(cutoff));
    }
}
