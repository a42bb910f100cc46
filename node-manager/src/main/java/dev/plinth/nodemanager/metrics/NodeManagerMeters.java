package dev.plinth.nodemanager.metrics;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.plinth.contracts.events.InstanceState;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.InstanceDocument;
import dev.plinth.contracts.state.NodeDocument;
import dev.plinth.kit.metrics.FieldCounts;
import dev.plinth.nodemanager.registry.NodeState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Singleton;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * node-manager's meters, counted in MongoDB at most every few seconds:
 * <ul>
 *   <li>{@code plinth.nodes} (tag {@code state}): nodes by state;</li>
 *   <li>{@code plinth.instances} (tag {@code state}): instances by state, leaving out history
 *       (ended and no longer wanted).</li>
 * </ul>
 */
@Singleton
public class NodeManagerMeters implements MeterBinder {

    private static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private final MongoDatabase database;

    public NodeManagerMeters(MongoDatabase database) {
        this.database = database;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        new FieldCounts(database.getCollection(Collections.NODES), NodeDocument.STATE, new Document(), FRESH_FOR, Clock.systemUTC())
                .register(registry, "plinth.nodes", "Nodes by state", "state",
                        Arrays.stream(NodeState.values()).map(Enum::name).toList());
        List<String> states = new ArrayList<>();
        states.add(InstanceDocument.PENDING);
        Arrays.stream(InstanceState.values()).map(Enum::name).forEach(states::add);
        new FieldCounts(database.getCollection(Collections.INSTANCES), InstanceDocument.STATE,
                Filters.or(Filters.nin(InstanceDocument.STATE, InstanceDocument.TERMINAL),
                        Filters.eq(InstanceDocument.DESIRED, InstanceDocument.RUN)),
                FRESH_FOR, Clock.systemUTC())
                .register(registry, "plinth.instances", "Instances that are not history, by state", "state", states);
    }
}
