package dev.plinth.nodemanager.instances;

import dev.plinth.contracts.state.InstanceDocument;
import io.micronaut.core.annotation.Nullable;
import org.bson.Document;

import java.time.Instant;
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
    public static final String PENDING = InstanceDocument.PENDING;
    /** Desired: should run. */
    public static final String RUN = InstanceDocument.RUN;
    /** Desired: should not run. */
    public static final String STOP = InstanceDocument.STOP;
    /** The states after which an instance runs no more. */
    public static final List<String> TERMINAL = InstanceDocument.TERMINAL;

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

    /**
     * @return the record read from an instance document
     * @throws IllegalArgumentException when its spec is not a document: node-manager would start it with defaults
     */
    public static InstanceRecord from(Document doc) {
        InstanceDocument d = InstanceDocument.read(doc);
        if (d.spec() == null && doc.get(InstanceDocument.SPEC) != null) {
            throw new IllegalArgumentException("its spec is not a document");
        }
        return new InstanceRecord(d.id(), d.deploymentId(), d.app() == null ? "" : d.app(), d.version(), d.generation(),
                SpecFields.from(d.spec()), d.desired(), d.stopReason(), Set.copyOf(d.avoidNodes()), d.node(), d.address(),
                d.port(), d.unplacedReason(), d.state(), d.stateAt(), d.startCommandAt(), d.exitCode(), d.message());
    }
}
