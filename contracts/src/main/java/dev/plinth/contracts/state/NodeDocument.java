package dev.plinth.contracts.state;

import dev.plinth.contracts.events.NodeHeartbeat;
import dev.plinth.contracts.inventory.NodeSpec;
import io.micronaut.core.annotation.Nullable;
import org.bson.Document;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.plinth.contracts.state.StoredFields.text;

/**
 * A document of the {@link Collections#NODES} collection (docs/state-model.md): node-manager writes
 * it, the deployer, app-controller and monitor read it. The field names are the constants below, and
 * both sides go through {@link #read} and the writers here, so a renamed field is renamed for both.
 * {@code state} and {@code adminState} stay text: each reader maps them to its own states and
 * treats one it does not know as unknown.
 *
 * @param name              the node's name ({@code _id})
 * @param kind              {@code local} or {@code remote}, from the inventory
 * @param address           where its instances are reached
 * @param runtime           the runtime its agent runs instances in
 * @param cpu               its cpu capacity
 * @param memoryMb          its memory capacity
 * @param labels            its placement labels
 * @param portsFrom         the first port of its instance port range
 * @param portsTo           the last port of that range
 * @param isolation         {@code required} or {@code none}
 * @param state             READY, NOT_READY, DRAINING, CORDONED, LOST or UNKNOWN
 * @param adminState        ACTIVE, DRAINING or CORDONED
 * @param isolationProblems why its agent cannot isolate instances, each with its fix
 * @param lastHeartbeatAt   when its last heartbeat arrived, or null
 * @param agentId           the agent that sent it, or null
 * @param cpuUsed           cpu its instances use
 * @param memoryUsedMb      memory its instances use
 * @param running           the instances its agent runs
 * @param unconfined        whether its instances run without the isolation asked for
 * @param takenPorts        ports of its range that other processes hold
 */
public record NodeDocument(String name, @Nullable String kind, @Nullable String address, @Nullable String runtime,
                           double cpu, long memoryMb, Map<String, String> labels, int portsFrom, int portsTo,
                           @Nullable String isolation, @Nullable String state, @Nullable String adminState,
                           List<String> isolationProblems, @Nullable Instant lastHeartbeatAt, @Nullable String agentId,
                           double cpuUsed, long memoryUsedMb, List<String> running, boolean unconfined,
                           List<Integer> takenPorts) {

    public static final String ID = "_id";
    public static final String KIND = "kind";
    public static final String ADDRESS = "address";
    public static final String RUNTIME = "runtime";
    public static final String CPU = "cpu";
    public static final String MEMORY_MB = "memoryMb";
    public static final String LABELS = "labels";
    /** {@code {from, to}}. */
    public static final String PORTS = "ports";
    public static final String PORTS_FROM = "from";
    public static final String PORTS_TO = "to";
    public static final String ISOLATION = "isolation";
    public static final String STATE = "state";
    public static final String ADMIN_STATE = "adminState";
    public static final String ISOLATION_PROBLEMS = "isolationProblems";
    public static final String LAST_HEARTBEAT_AT = "lastHeartbeatAt";
    public static final String AGENT_ID = "agentId";
    public static final String CPU_USED = "cpuUsed";
    public static final String MEMORY_USED_MB = "memoryUsedMb";
    public static final String RUNNING = "running";
    public static final String UNCONFINED = "unconfined";
    public static final String TAKEN_PORTS = "takenPorts";

    public NodeDocument {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        isolationProblems = isolationProblems == null ? List.of() : List.copyOf(isolationProblems);
        running = running == null ? List.of() : List.copyOf(running);
        takenPorts = takenPorts == null ? List.of() : List.copyOf(takenPorts);
    }

    /**
     * @param doc a stored document, whole or projected: a field it lacks reads as null, zero or empty
     * @return the node it describes
     */
    public static NodeDocument read(Document doc) {
        Document ports = doc.get(PORTS) instanceof Document p ? p : new Document();
        return new NodeDocument(String.valueOf(doc.get(ID)), text(doc.get(KIND)), text(doc.get(ADDRESS)), text(doc.get(RUNTIME)),
                number(doc.get(CPU)).doubleValue(), number(doc.get(MEMORY_MB)).longValue(), labels(doc.get(LABELS)),
                number(ports.get(PORTS_FROM)).intValue(), number(ports.get(PORTS_TO)).intValue(), text(doc.get(ISOLATION)),
                text(doc.get(STATE)), text(doc.get(ADMIN_STATE)), strings(doc.get(ISOLATION_PROBLEMS)),
                doc.get(LAST_HEARTBEAT_AT) instanceof Date at ? at.toInstant() : null, text(doc.get(AGENT_ID)),
                number(doc.get(CPU_USED)).doubleValue(), number(doc.get(MEMORY_USED_MB)).longValue(),
                strings(doc.get(RUNNING)), Boolean.TRUE.equals(doc.get(UNCONFINED)), integers(doc.get(TAKEN_PORTS)));
    }

    /** @return the fields the inventory decides, to {@code $set} on the node's document */
    public static Document inventoryFields(NodeSpec spec) {
        return new Document(KIND, spec.kind().name().toLowerCase())
                .append(ADDRESS, spec.address())
                .append(RUNTIME, spec.runtime())
                .append(CPU, spec.capacity().cpu())
                .append(MEMORY_MB, spec.capacity().memoryMb())
                .append(LABELS, new Document(new LinkedHashMap<>(spec.labels())))
                .append(PORTS, new Document(PORTS_FROM, spec.ports().from()).append(PORTS_TO, spec.ports().to()))
                .append(ISOLATION, spec.isolation().name().toLowerCase());
    }

    /**
     * @param state             the node's state
     * @param isolationProblems what keeps it from isolating instances
     * @param seenAt            when its last heartbeat arrived, or null (then not written)
     * @param heartbeat         its last heartbeat, or null (then its fields are not written)
     * @return the fields node-manager observes, to {@code $set} on the node's document
     */
    public static Document observedFields(String state, List<String> isolationProblems, @Nullable Instant seenAt,
                                          @Nullable NodeHeartbeat heartbeat) {
        Document fields = new Document(STATE, state).append(ISOLATION_PROBLEMS, isolationProblems);
        if (seenAt != null) {
            fields.append(LAST_HEARTBEAT_AT, Date.from(seenAt));
        }
        if (heartbeat != null) {
            fields.append(AGENT_ID, heartbeat.agentId())
                    .append(CPU_USED, heartbeat.cpuUsed())
                    .append(MEMORY_USED_MB, heartbeat.memoryUsedMb())
                    .append(RUNNING, heartbeat.instances())
                    .append(UNCONFINED, heartbeat.unconfined())
                    .append(TAKEN_PORTS, heartbeat.takenPorts());
        }
        return fields;
    }

    private static Number number(Object value) {
        return value instanceof Number n ? n : 0;
    }

    private static Map<String, String> labels(Object value) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
        }
        return labels;
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    private static List<Integer> integers(Object value) {
        return value instanceof List<?> list
                ? list.stream().filter(Number.class::isInstance).map(n -> ((Number) n).intValue()).toList() : List.of();
    }
}
