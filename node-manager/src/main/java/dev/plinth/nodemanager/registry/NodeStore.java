package dev.plinth.nodemanager.registry;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.plinth.contracts.inventory.NodeSpec;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.NodeDocument;
import dev.plinth.kit.control.Lease;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code nodes} collection (docs/state-model.md), which node-manager owns: one document per
 * inventory node with its inventory fields, its state and admin state, and what its last heartbeat said.
 * The fields are {@link NodeDocument}'s, which the deployer reads too.
 */
@Singleton
public class NodeStore {

    private final MongoCollection<Document> nodes;

    public NodeStore(MongoDatabase database) {
        this.nodes = database.getCollection(Collections.NODES);
    }

    /** Creates the collection's index (idempotent). */
    public void ensureIndexes() {
        nodes.createIndex(Indexes.ascending(NodeDocument.STATE));
    }

    /**
     * Writes the inventory's fields of each node, creating missing nodes as {@code UNKNOWN} and
     * {@code ACTIVE}; nodes no longer in the inventory are marked {@code LOST}, so nobody waits for them.
     */
    public void upsertInventory(Collection<NodeSpec> specs) {
        List<String> names = new ArrayList<>();
        for (NodeSpec spec : specs) {
            names.add(spec.name());
            nodes.updateOne(Filters.eq(NodeDocument.ID, spec.name()), Updates.combine(
                    new Document("$set", NodeDocument.inventoryFields(spec)),
                    Updates.setOnInsert(NodeDocument.STATE, NodeState.UNKNOWN.name()),
                    Updates.setOnInsert(NodeDocument.ADMIN_STATE, AdminState.ACTIVE.name())), new UpdateOptions().upsert(true));
        }
        nodes.updateMany(Filters.and(Filters.nin(NodeDocument.ID, names), Filters.ne(NodeDocument.STATE, NodeState.LOST.name())),
                Updates.set(NodeDocument.STATE, NodeState.LOST.name()));
    }

    /** @return what is stored of each node, by name */
    public Map<String, Stored> load() {
        Map<String, Stored> stored = new HashMap<>();
        for (Document doc : nodes.find()) {
            NodeDocument node = NodeDocument.read(doc);
            stored.put(node.name(), new Stored(adminState(node.adminState()), node.lastHeartbeatAt(), node.isolationProblems()));
        }
        return stored;
    }

    /** Records an admin's decision together with the state it gives the node. */
    public void setAdminState(String name, AdminState admin, NodeState state) {
        nodes.updateOne(Filters.eq(NodeDocument.ID, name), Updates.combine(
                Updates.set(NodeDocument.ADMIN_STATE, admin.name()), Updates.set(NodeDocument.STATE, state.name())));
    }

    /**
     * Records the node's state and what its last heartbeat said, fenced with the {@code node-manager}
     * lease ({@code leaseToken.node-manager}).
     *
     * @throws Lease.LostLease when a newer holder of the lease wrote the node, or this process's term is up
     */
    public void writeObserved(NodeView view, Lease lease) {
        Bson update = Updates.combine(lease.stamp(), new Document("$set",
                NodeDocument.observedFields(view.state().name(), view.isolationProblems(), view.seenAt(), view.lastHeartbeat())));
        Bson target = Filters.eq(NodeDocument.ID, view.name());
        if (nodes.updateOne(lease.fence(target), update).getMatchedCount() == 0) {
            lease.checkFenced(nodes, target);
        }
    }

    /** @return the stored document of a node, or null */
    public Document find(String name) {
        return nodes.find(Filters.eq(NodeDocument.ID, name)).first();
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
