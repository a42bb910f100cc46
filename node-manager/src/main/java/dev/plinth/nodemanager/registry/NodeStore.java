package dev.plinth.nodemanager.registry;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.plinth.contracts.events.NodeHeartbeat;
import dev.plinth.contracts.inventory.NodeSpec;
import dev.plinth.contracts.state.Collections;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code nodes} collection (docs/state-model.md), which node-manager owns: one document per
 * inventory node with its inventory fields, its state and admin state, and what its last heartbeat said.
 */
@Singleton
public class NodeStore {

    private final MongoCollection<Document> nodes;

    public NodeStore(MongoDatabase database) {
        this.nodes = database.getCollection(Collections.NODES);
    }

    /** Creates the collection's index (idempotent). */
    public void ensureIndexes() {
        nodes.createIndex(Indexes.ascending("state"));
    }

    /**
     * Writes the inventory's fields of each node, creating missing nodes as {@code UNKNOWN} and
     * {@code ACTIVE}; nodes no longer in the inventory are marked {@code LOST}, so nobody waits for them.
     */
    public void upsertInventory(Collection<NodeSpec> specs) {
        List<String> names = new ArrayList<>();
        for (NodeSpec spec : specs) {
            names.add(spec.name());
            nodes.updateOne(Filters.eq("_id", spec.name()), Updates.combine(
                    Updates.set("kind", spec.kind().name().toLowerCase()),
                    Updates.set("address", spec.address()),
                    Updates.set("runtime", spec.runtime()),
                    Updates.set("cpu", spec.capacity().cpu()),
                    Updates.set("memoryMb", spec.capacity().memoryMb()),
                    Updates.set("labels", new Document(new HashMap<>(spec.labels()))),
                    Updates.set("ports", new Document("from", spec.ports().from()).append("to", spec.ports().to())),
                    Updates.set("isolation", spec.isolation().name().toLowerCase()),
                    Updates.setOnInsert("state", NodeState.UNKNOWN.name()),
                    Updates.setOnInsert("adminState", AdminState.ACTIVE.name())), new UpdateOptions().upsert(true));
        }
        nodes.updateMany(Filters.and(Filters.nin("_id", names), Filters.ne("state", NodeState.LOST.name())),
                Updates.set("state", NodeState.LOST.name()));
    }

    /** @return what is stored of each node, by name */
    public Map<String, Stored> load() {
        Map<String, Stored> stored = new HashMap<>();
        for (Document doc : nodes.find()) {
            stored.put(doc.getString("_id"), new Stored(adminState(doc.getString("adminState")),
                    instant(doc.get("lastHeartbeatAt")), strings(doc.get("isolationProblems"))));
        }
        return stored;
    }

    /** Records an admin's decision together with the state it gives the node. */
    public void setAdminState(String name, AdminState admin, NodeState state) {
        nodes.updateOne(Filters.eq("_id", name), Updates.combine(
                Updates.set("adminState", admin.name()), Updates.set("state", state.name())));
    }

    /** Records the node's state and what its last heartbeat said. */
    public void writeObserved(NodeView view) {
        List<Bson> updates = new ArrayList<>();
        updates.add(Updates.set("state", view.state().name()));
        updates.add(Updates.set("isolationProblems", view.isolationProblems()));
        NodeHeartbeat heartbeat = view.lastHeartbeat();
        if (view.seenAt() != null) {
            updates.add(Updates.set("lastHeartbeatAt", Date.from(view.seenAt())));
        }
        if (heartbeat != null) {
            updates.add(Updates.set("agentId", heartbeat.agentId()));
            updates.add(Updates.set("cpuUsed", heartbeat.cpuUsed()));
            updates.add(Updates.set("memoryUsedMb", heartbeat.memoryUsedMb()));
            updates.add(Updates.set("running", heartbeat.instances()));
            updates.add(Updates.set("unconfined", heartbeat.unconfined()));
            updates.add(Updates.set("takenPorts", heartbeat.takenPorts()));
        }
        nodes.updateOne(Filters.eq("_id", view.name()), Updates.combine(updates));
    }

    /** @return the stored document of a node, or null */
    public Document find(String name) {
        return nodes.find(Filters.eq("_id", name)).first();
    }

    static AdminState adminState(String value) {
        if (value == null) {
            return AdminState.ACTIVE;
        }
        try {
            return AdminState.valueOf(value);
        } catch (IllegalArgumentException e) {
            return AdminState.ACTIVE;
        }
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    private static Instant instant(Object value) {
        return value instanceof Date date ? date.toInstant() : null;
    }

    /**
     * What is stored of a node.
     *
     * @param adminState      the admin's decision
     * @param lastHeartbeatAt when its last heartbeat arrived, or null
     * @param isolationProblems what its agent last said keeps it from isolating instances
     */
    public record Stored(AdminState adminState, Instant lastHeartbeatAt, List<String> isolationProblems) {
    }
}
