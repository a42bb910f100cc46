package dev.plinth.agent;

import dev.plinth.contracts.events.NodeHeartbeat;
import dev.plinth.contracts.inventory.Isolation;
import dev.plinth.contracts.runtime.Inspection;
import dev.plinth.contracts.runtime.Runtime;
import dev.plinth.kit.control.FailureLog;
import dev.plinth.kit.control.StopGate;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reports the node's capacity, measured use and running instances every couple of seconds,
 * whether it can isolate instances as its inventory entry requires (a node with isolation problems
 * is not ready, and node-manager places nothing on it), and which ports of its range other processes
 * hold (placement skips them).
 */
@Singleton
public class NodeHeartbeats {

    private static final Logger LOG = LoggerFactory.getLogger(NodeHeartbeats.class);

    private final AgentNode node;
    private final Runtime runtime;
    private final NodeHeartbeatClient client;
    private final NodeInstances instances;
    private final AtomicLong sequence = new AtomicLong();
    private final FailureLog failures;
    private final StopGate gate = new StopGate();

    public NodeHeartbeats(AgentNode node, Runtime runtime, NodeHeartbeatClient client, NodeInstances instances) {
        this.node = node;
        this.runtime = runtime;
        this.client = client;
        this.instances = instances;
        this.failures = new FailureLog(LOG, "cannot publish the heartbeat of node " + node.spec().name(),
                "node " + node.spec().name() + " heartbeats reach Kafka again");
    }

    @Scheduled(fixedDelay = "${plinth.agent.heartbeat-interval:2s}")
    void beat() {
        // No beat after the context closed the Kafka client: see StopGate.
        gate.run(this::send);
    }

    /** Stops beating before the context closes the Kafka client, waiting for a beat under way. */
    @PreDestroy
    void stop() {
        if (!gate.close(Duration.ofSeconds(10))) {
            LOG.warn("a heartbeat of node {} was still being sent after 10 s at shutdown", node.spec().name());
        }
    }

    private void send() {
        try {
            client.send(node.spec().name(), current());
            failures.recovered();
        } catch (RuntimeException e) {
            failures.failed(e);
        }
    }

    /** @return the heartbeat as of now */
    public NodeHeartbeat current() {
        List<String> running = runtime.running();
        double cpu = 0;
        long memory = 0;
        for (String id : running) {
            Inspection inspection = runtime.inspect(id);
            cpu += inspection.cpuCores();
            memory += inspection.memoryMb();
        }
        return new NodeHeartbeat(node.spec().name(), node.agentId(), sequence.incrementAndGet(),
                node.spec().capacity().cpu(), cpu, node.spec().capacity().memoryMb(), memory, running, Instant.now(),
                runtime.isolationProblems(), node.spec().isolation() == Isolation.NONE, instances.takenPorts());
    }
}
