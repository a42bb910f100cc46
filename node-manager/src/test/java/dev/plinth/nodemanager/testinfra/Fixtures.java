package dev.plinth.nodemanager.testinfra;

import dev.plinth.contracts.events.NodeHeartbeat;
import dev.plinth.contracts.inventory.NodeKind;
import dev.plinth.contracts.inventory.NodeSpec;
import dev.plinth.contracts.state.InstanceDocument;
import dev.plinth.nodemanager.instances.InstanceRecord;
import dev.plinth.nodemanager.registry.AdminState;
import dev.plinth.nodemanager.registry.NodeState;
import dev.plinth.nodemanager.registry.NodeView;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;

/** Nodes and instance documents for tests, built in a line each. */
public final class Fixtures {

    /** The time tests pretend it is. */
    public static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private Fixtures() {
    }

    /** @return an inventory process node with 2 cores, 2048 MiB, ports 21000-21099 */
    public static NodeSpec spec(String name) {
        return spec(name, "process");
    }

    /** @return an inventory node of that runtime with 2 cores, 2048 MiB, ports 21000-21099 */
    public static NodeSpec spec(String name, String runtime) {
        int base = 21000 + 100 * (name.hashCode() & 0x3f);
        return new NodeSpec(name, NodeKind.LOCAL, "127.0.0.1", new NodeSpec.Capacity(2, 2048), Map.of("zone", "north"),
                runtime, new NodeSpec.PortRange(base, base + 99));
    }

    /** @return a node in that state whose agent last listed these instances (no heartbeat when none given and not live) */
    public static NodeView node(String name, NodeState state, String... running) {
        boolean live = state != NodeState.LOST && state != NodeState.UNKNOWN;
        NodeHeartbeat heartbeat = live || running.length > 0
                ? new NodeHeartbeat(name, "agent-" + name, 1, 2, 0.1, 2048, 100, Arrays.asList(running), NOW)
                : null;
        AdminState admin = switch (state) {
            case DRAINING -> AdminState.DRAINING;
            case CORDONED -> AdminState.CORDONED;
            default -> AdminState.ACTIVE;
        };
        return new NodeView(spec(name), state, admin, heartbeat, heartbeat == null ? null : NOW);
    }

    /** @return a builder of an instance document that should run, unbound, never reported on */
    public static Instance instance(String id) {
        return new Instance(id);
    }

    /** Builds an instance document; {@link #record()} reads it the way node-manager does. */
    public static final class Instance {
        private final Document doc;
        private final Document spec;

        Instance(String id) {
            spec = new Document("version", "1.0.0").append("artifactSha256", "a".repeat(64))
                    .append("command", List.of("java", "-jar", "app.jar")).append("containerPort", 8080)
                    .append("env", new Document("GREETING", "hi")).append("cpu", 0.5).append("memoryMb", 256)
                    .append("healthPath", "/health").append("healthIntervalSeconds", 5).append("healthTimeoutSeconds", 2)
                    .append("failureThreshold", 3).append("startupSeconds", 60).append("placementLabels", new Document());
            String app = id.contains("-") ? id.substring(0, id.lastIndexOf('-')) : id;
            doc = new Document(InstanceDocument.ID, id).append(InstanceDocument.DEPLOYMENT_ID, "dep-" + app)
                    .append(InstanceDocument.APP, app).append(InstanceDocument.OWNER, "dev")
                    .append(InstanceDocument.VERSION, "1.0.0").append(InstanceDocument.GENERATION, 3)
                    .append(InstanceDocument.SPEC, spec).append(InstanceDocument.DESIRED, InstanceDocument.RUN)
                    .append(InstanceDocument.STATE, InstanceDocument.PENDING)
                    .append(InstanceDocument.CREATED_AT, Date.from(NOW.minusSeconds(60)))
                    .append(InstanceDocument.STATE_AT, Date.from(NOW.minusSeconds(60)));
        }

        public Instance bound(String node, int port) {
            doc.append(InstanceDocument.NODE, node).append(InstanceDocument.ADDRESS, "127.0.0.1")
                    .append(InstanceDocument.PORT, port)
                    .append(InstanceDocument.BOUND_AT, Date.from(NOW.minusSeconds(30)));
            return this;
        }

        public Instance desired(String desired) {
            doc.append(InstanceDocument.DESIRED, desired);
            return this;
        }

        public Instance state(String state) {
            doc.append(InstanceDocument.STATE, state).append(InstanceDocument.STATE_AT, Date.from(NOW.minusSeconds(20)));
            return this;
        }

        public Instance startSent(Instant at) {
            doc.append(InstanceDocument.START_COMMAND_AT, Date.from(at));
            return this;
        }

        public Instance cpu(double cpu) {
            spec.append("cpu", cpu);
            return this;
        }

        public Instance labels(Map<String, String> labels) {
            spec.append("placementLabels", new Document(Map.copyOf(labels)));
            return this;
        }

        /** Its spec lists the runtimes its version runs on (a spec without them runs on process). */
        public Instance runtimes(String... runtimes) {
            spec.append("runtimes", List.of(runtimes));
            return this;
        }

        public Instance avoid(String... nodes) {
            doc.append(InstanceDocument.AVOID_NODES, new ArrayList<>(Arrays.asList(nodes)));
            return this;
        }

        public Instance stopReason(String reason) {
            doc.append(InstanceDocument.STOP_REASON, reason);
            return this;
        }

        public Instance unplaced(String reason) {
            doc.append(InstanceDocument.UNPLACED_REASON, reason);
            return this;
        }

        public Instance without(String field) {
            doc.remove(field);
            return this;
        }

        /** @return the document as the deployer would have written it */
        public Document document() {
            return doc;
        }

        /** @return the record node-manager reads from it */
        public InstanceRecord record() {
            return InstanceRecord.from(doc);
        }
    }
}
