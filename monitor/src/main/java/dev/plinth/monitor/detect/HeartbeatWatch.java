package dev.plinth.monitor.detect;

import dev.plinth.contracts.events.Alert;
import dev.plinth.contracts.events.NodeHeartbeat;
import dev.plinth.contracts.events.SubsystemHeartbeat;
import dev.plinth.monitor.alerts.AlertStore;
import dev.plinth.monitor.metrics.HeartbeatLagMeters;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * NODE_LOST and SUBSYSTEM_DOWN. Heartbeats arrive from {@link HeartbeatListeners}; every second the
 * trackers are judged by {@link SilenceRule} and raises and resolutions are published.
 *
 * <ul>
 *   <li>NODE_LOST (CRITICAL, subject {@code node/NAME}): a node this monitor heard from is silent for
 *       {@code plinth.monitor.node-lost-after}; resolved at its next heartbeat. node-manager decides
 *       the node's state independently; this only alerts.</li>
 *   <li>SUBSYSTEM_DOWN (CRITICAL, subject {@code subsystem/NAME}): a subsystem is silent, or reports
 *       failing health checks, for {@code plinth.monitor.subsystem-silent-after}; resolved at its next
 *       healthy heartbeat. Subsystems are tracked by name, so a restarted one (a new process id)
 *       simply continues its track.</li>
 * </ul>
 *
 * <p>At its first pass the watch reads which NODE_LOST and SUBSYSTEM_DOWN alerts are still unresolved
 * in the store, so that a source that recovers while a new monitor runs gets its alert resolved.</p>
 */
@Singleton
public class HeartbeatWatch {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatWatch.class);

    /** The subject prefix of node alerts. */
    public static final String NODE_PREFIX = "node/";
    /** The subject prefix of subsystem alerts. */
    public static final String SUBSYSTEM_PREFIX = "subsystem/";

    private final HeartbeatTracker nodes = new HeartbeatTracker();
    private final HeartbeatTracker subsystems = new HeartbeatTracker();
    private final DetectorSettings settings;
    private final AlertPublisher publisher;
    private final AlertStore store;
    private final HeartbeatLagMeters lagMeters;
    private final Clock clock = Clock.systemUTC();
    private volatile boolean seeded;

    public HeartbeatWatch(DetectorSettings settings, AlertPublisher publisher, AlertStore store,
                          @Nullable HeartbeatLagMeters lagMeters) {
        this.settings = settings;
        this.publisher = publisher;
        this.store = store;
        this.lagMeters = lagMeters;
    }

    void nodeHeartbeat(NodeHeartbeat heartbeat) {
        if (heartbeat.nodeId() == null) {
            return;
        }
        if (nodes.heard(heartbeat.nodeId(), true, heartbeat.timestamp(), clock.instant()) && lagMeters != null) {
            lagMeters.watch(HeartbeatLagMeters.NODE, heartbeat.nodeId(), nodes);
        }
    }

    void subsystemHeartbeat(SubsystemHeartbeat heartbeat) {
        if (heartbeat.subsystem() == null) {
            return;
        }
        if (subsystems.heard(heartbeat.subsystem(), heartbeat.healthy(), heartbeat.timestamp(), clock.instant()) && lagMeters != null) {
            lagMeters.watch(HeartbeatLagMeters.SUBSYSTEM, heartbeat.subsystem(), subsystems);
        }
    }

    @Scheduled(fixedDelay = "1s", initialDelay = "1s")
    void check() {
        seed();
        Instant now = clock.instant();
        for (HeartbeatTracker.Due due : nodes.due(now, settings.nodeLostAfter())) {
            String name = due.source().name();
            boolean sent = due.verdict().change() == SilenceRule.Change.RAISE
                    ? publisher.raise(Alert.Kind.NODE_LOST, Alert.Severity.CRITICAL, NODE_PREFIX + name, null,
                    "node " + name + " sent no heartbeat for " + seconds(due.source().lastHeardAt(), now), now)
                    : publisher.resolve(Alert.Kind.NODE_LOST, NODE_PREFIX + name, null, "node " + name + " heartbeats again", now);
            if (sent) {
                nodes.setAlerting(name, due.verdict().change() == SilenceRule.Change.RAISE);
            }
        }
        for (HeartbeatTracker.Due due : subsystems.due(now, settings.subsystemSilentAfter())) {
            String name = due.source().name();
            boolean raise = due.verdict().change() == SilenceRule.Change.RAISE;
            String message = !raise ? "subsystem " + name + " is healthy again"
                    : due.verdict().cause() == SilenceRule.Cause.SILENT
                    ? "subsystem " + name + " sent no heartbeat for " + seconds(due.source().lastHeardAt(), now)
                    : "subsystem " + name + " reports failing health checks for " + seconds(due.source().unhealthySince(), now);
            boolean sent = raise
                    ? publisher.raise(Alert.Kind.SUBSYSTEM_DOWN, Alert.Severity.CRITICAL, SUBSYSTEM_PREFIX + name, null, message, now)
                    : publisher.resolve(Alert.Kind.SUBSYSTEM_DOWN, SUBSYSTEM_PREFIX + name, null, message, now);
            if (sent) {
                subsystems.setAlerting(name, raise);
            }
        }
    }

    /** Learns which sources were alerted before this monitor started; tried each pass until MongoDB answers. */
    private void seed() {
        if (seeded) {
            return;
        }
        try {
            for (String subject : store.unresolvedSubjects(Alert.Kind.NODE_LOST)) {
                if (subject.startsWith(NODE_PREFIX)) {
                    nodes.alreadyAlerted(subject.substring(NODE_PREFIX.length()));
                }
            }
            for (String subject : store.unresolvedSubjects(Alert.Kind.SUBSYSTEM_DOWN)) {
                if (subject.startsWith(SUBSYSTEM_PREFIX)) {
                    subsystems.alreadyAlerted(subject.substring(SUBSYSTEM_PREFIX.length()));
                }
            }
            seeded = true;
        } catch (RuntimeException e) {
            LOG.debug("cannot read unresolved alerts yet: {}", e.getMessage());
        }
    }

    private static String seconds(Instant since, Instant now) {
        return since == null ? "a while" : Duration.between(since, now).toSeconds() + " s";
    }

    /** @return what is known of the nodes */
    public HeartbeatTracker nodes() {
        return nodes;
    }

    /** @return what is known of the subsystems */
    public HeartbeatTracker subsystems() {
        return subsystems;
    }
}
