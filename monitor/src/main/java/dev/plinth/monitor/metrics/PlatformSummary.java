package dev.plinth.monitor.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.plinth.contracts.events.Alert;
import dev.plinth.contracts.events.InstanceState;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.InstanceDocument;
import dev.plinth.contracts.state.NodeDocument;
import dev.plinth.kit.metrics.FieldCounts;
import dev.plinth.monitor.alerts.AlertStore;
import dev.plinth.monitor.detect.HeartbeatTracker;
import dev.plinth.monitor.detect.HeartbeatWatch;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform at a glance, for the admin console: nodes and instances by state (node-manager's
 * {@code nodes} and {@code instances}), open alerts, and the heartbeat lag of every node and
 * subsystem this monitor hears. Read fresh at each call.
 */
@Singleton
public class PlatformSummary {

    /** Node states, as node-manager writes them (docs/state-model.md). */
    static final List<String> NODE_STATES = List.of("READY", "DRAINING", "CORDONED", "LOST", "UNKNOWN");

    private final FieldCounts nodes;
    private final FieldCounts instances;
    private final FieldCounts alertsByKind;
    private final FieldCounts alertsBySeverity;
    private final HeartbeatWatch heartbeats;
    private final Clock clock = Clock.systemUTC();

    public PlatformSummary(MongoDatabase db, AlertStore alerts, HeartbeatWatch heartbeats) {
        // read() is always fresh; the cache period of FieldCounts only matters to gauges.
        Duration uncached = Duration.ZERO;
        this.nodes = new FieldCounts(db.getCollection(Collections.NODES), NodeDocument.STATE, new Document(), uncached, clock);
        // Instances that ended and are not wanted any more are history, not part of the picture.
        this.instances = new FieldCounts(db.getCollection(Collections.INSTANCES), InstanceDocument.STATE, Filters.or(
                Filters.nin(InstanceDocument.STATE, InstanceDocument.TERMINAL),
                Filters.eq(InstanceDocument.DESIRED, InstanceDocument.RUN)), uncached, clock);
        this.alertsByKind = new FieldCounts(alerts.collection(), "kind", AlertStore.openFilter(), uncached, clock);
        this.alertsBySeverity = new FieldCounts(alerts.collection(), "severity", AlertStore.openFilter(), uncached, clock);
        this.heartbeats = heartbeats;
    }

    /**
     * @return the summary now
     * @throws com.mongodb.MongoException when MongoDB does not answer
     */
    public Summary read() {
        Instant at = clock.instant();
        List<String> instanceStates = new ArrayList<>();
        instanceStates.add(InstanceDocument.PENDING);
        for (InstanceState state : InstanceState.values()) {
            instanceStates.add(state.name());
        }
        Map<String, Long> byKind = withZeros(alertsByKind.read(), java.util.Arrays.stream(Alert.Kind.values()).map(Enum::name).toList());
        Map<String, Long> bySeverity = withZeros(alertsBySeverity.read(), java.util.Arrays.stream(Alert.Severity.values()).map(Enum::name).toList());
        long open = byKind.values().stream().mapToLong(Long::longValue).sum();
        return new Summary(at,
                withZeros(nodes.read(), NODE_STATES),
                withZeros(instances.read(), instanceStates),
                new OpenAlerts(open, byKind, bySeverity),
                lags(heartbeats.nodes(), at),
                lags(heartbeats.subsystems(), at));
    }

    private static Map<String, Long> withZeros(Map<String, Long> counts, List<String> known) {
        Map<String, Long> all = new LinkedHashMap<>();
        for (String value : known) {
            all.put(value, counts.getOrDefault(value, 0L));
        }
        counts.forEach(all::putIfAbsent);
        return all;
    }

    private static List<Heartbeat> lags(HeartbeatTracker tracker, Instant now) {
        List<Heartbeat> lags = new ArrayList<>();
        for (HeartbeatTracker.Source s : tracker.sources()) {
            Duration lag = s.lag(now);
            lags.add(new Heartbeat(s.name(), s.lastSentAt(), s.lastHeardAt(), lag == null ? null : lag.toMillis() / 1000.0,
                    s.lastHeardAt() != null && s.healthy(), s.alerting()));
        }
        return lags;
    }

    /**
     * The answer of {@code GET /api/metrics/summary}.
     *
     * @param at         when it was read
     * @param nodes      nodes by state (every state present, 0 when none)
     * @param instances  instances that are not history, by state
     * @param alerts     open alerts
     * @param nodeHeartbeats      each node this monitor heard from
     * @param subsystemHeartbeats each subsystem this monitor heard from
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Summary(Instant at, Map<String, Long> nodes, Map<String, Long> instances, OpenAlerts alerts,
                          List<Heartbeat> nodeHeartbeats, List<Heartbeat> subsystemHeartbeats) {
    }

    /**
     * @param total      open alerts
     * @param byKind     open alerts by kind (every kind present)
     * @param bySeverity open alerts by severity (every severity present)
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record OpenAlerts(long total, Map<String, Long> byKind, Map<String, Long> bySeverity) {
    }

    /**
     * @param name        the node or subsystem
     * @param lastSentAt  the timestamp of its last heartbeat (its clock)
     * @param lastHeardAt when the monitor received it (the monitor's clock)
     * @param lagSeconds  now − lastSentAt, in seconds
     * @param healthy     whether its last heartbeat said healthy (nodes: always, once heard)
     * @param alerting    whether it is alerted as down now
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Heartbeat(String name, @Nullable Instant lastSentAt, @Nullable Instant lastHeardAt,
                            @Nullable Double lagSeconds, boolean healthy, boolean alerting) {
    }
}
