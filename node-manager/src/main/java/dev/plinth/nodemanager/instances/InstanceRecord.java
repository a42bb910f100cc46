package dev.plinth.nodemanager.instances;

import io.micronaut.core.annotation.Nullable;
import org.bson.Document;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * One instance document, as node-manager reads it.
 *
 * @param id             the instance id
 * @param deploymentId   its deployment
 * @param app            its app
 * @param version        its app version
 * @param generation     the deployment generation it was created for; it never changes
 * @param spec           what it needs to run
 * @param desired        {@code RUN} or {@code STOP}
 * @param stopReason     why it should stop, may be null
 * @param avoidNodes     nodes placement must not choose
 * @param node           the node it is bound to, null while unplaced
 * @param address        that node's address
 * @param port           its port on that node, null while unplaced
 * @param unplacedReason why no node fits, while unplaced
 * @param state          what its agent last reported; {@code PENDING} (or missing) until then
 * @param stateAt        when the agent saw that state
 * @param startCommandAt when node-manager last sent it a start command
 * @param exitCode       its exit code, once exited
 * @param message        the agent's word on its state, may be null
 */
public record InstanceRecord(String id, @Nullable String deploymentId, String app, @Nullable String version,
                             long generation, SpecFields spec, String desired, @Nullable String stopReason,
                             Set<String> avoidNodes, @Nullable String node, @Nullable String address,
                             @Nullable Integer port, @Nullable String unplacedReason, String state,
                             @Nullable Instant stateAt, @Nullable Instant startCommandAt,
                             @Nullable Integer exitCode, @Nullable String message) {

    /** The state of an instance whose agent has reported nothing yet. */
    public static final String PENDING = "PENDING";
    /** Desired: should run. */
    public static final String RUN = "RUN";
    /** Desired: should not run. */
    public static final String STOP = "STOP";
    /** The states after which an instance runs no more. */
    public static final List<String> TERMINAL = List.of("EXITED", "STOPPED", "FAILED");

    public InstanceRecord {
        avoidNodes = avoidNodes == null ? Set.of() : Set.copyOf(avoidNodes);
        state = state == null ? PENDING : state;
    }

    /** @return whether it runs no more */
    public boolean ended() {
        return TERMINAL.contains(state);
    }

    /** @return whether no agent has reported on it yet */
    public boolean pending() {
        return PENDING.equals(state);
    }

    /** @return whether it should run */
    public boolean wantsToRun() {
        return RUN.equals(desired);
    }

    /** @return whether it is bound to a node */
    public boolean bound() {
        return node != null;
    }

    /** @return the record read from an instance document */
    public static InstanceRecord from(Document doc) {
        Object generation = doc.get("generation");
        Object port = doc.get("port");
        return new InstanceRecord(
                String.valueOf(doc.get("_id")),
                doc.getString("deploymentId"),
                doc.getString("app") == null ? "" : doc.getString("app"),
                doc.getString("version"),
                generation instanceof Number n ? n.longValue() : 0,
                SpecFields.from(doc.get("spec", Document.class)),
                doc.getString("desired"),
                doc.getString("stopReason"),
                Set.copyOf(SpecFields.strings(doc.get("avoidNodes"))),
                doc.getString("node"),
                doc.getString("address"),
                port instanceof Number n ? n.intValue() : null,
                doc.getString("unplacedReason"),
                doc.getString("state"),
                instant(doc.get("stateAt")),
                instant(doc.get("startCommandAt")),
                doc.get("exitCode") instanceof Number code ? code.intValue() : null,
                doc.getString("message"));
    }

    static Instant instant(Object value) {
        return value instanceof Date date ? date.toInstant() : null;
    }
}
