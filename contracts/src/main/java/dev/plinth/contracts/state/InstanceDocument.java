package dev.plinth.contracts.state;

import dev.plinth.contracts.events.InstanceState;
import dev.plinth.contracts.events.InstanceStatus;
import io.micronaut.core.annotation.Nullable;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static dev.plinth.contracts.state.StoredFields.instant;
import static dev.plinth.contracts.state.StoredFields.integer;
import static dev.plinth.contracts.state.StoredFields.strings;
import static dev.plinth.contracts.state.StoredFields.text;

/**
 * A document of the {@link Collections#INSTANCES} collection (docs/state-model.md): the deployer
 * creates it and asks it to stop, node-manager binds it and records what its agent reports;
 * app-controller, the api-gateway, the monitor and node-manager's meters read it. The field names
 * are the constants below, and writers and readers go through {@link #read} and the writers here,
 * so a renamed field is renamed for all. {@code desired}, {@code state} and {@code stopReason} stay
 * text: each reader maps them to its own types and decides what an unknown one means. The lease
 * stamps ({@code leaseToken.<lease>}) are the control kit's {@code Lease}'s, not this type's.
 *
 * @param id             the instance id ({@code _id}), {@code {app}-{random}}
 * @param deploymentId   its deployment
 * @param app            its app
 * @param owner          its app's owner
 * @param version        the app version it runs
 * @param generation     the deployment generation it was created for; it never changes
 * @param spec           the instance spec copied into it, as stored, or null
 * @param desired        {@link #RUN} or {@link #STOP}
 * @param stopReason     why it should stop, or null
 * @param avoidNodes     nodes placement must not choose
 * @param node           the node it is bound to, null until placed
 * @param address        where it is reached: the node's at bind time, then the host of each recorded report
 * @param port           its port, null until placed
 * @param boundAt        when it was bound
 * @param unplacedReason why no node fits, while unplaced
 * @param state          {@link #PENDING} until its agent reports, then an {@link InstanceState}; null when missing
 * @param stateAt        when the agent saw that state (the agent's clock)
 * @param exitCode       its exit code, once exited
 * @param message        the agent's word on its state
 * @param startCommandAt when node-manager last sent it a start command
 * @param createdAt      when the deployer created it
 * @param healthyAt      when it was last reported healthy
 */
public record InstanceDocument(String id, @Nullable String deploymentId, @Nullable String app, @Nullable String owner,
                               @Nullable String version, long generation, @Nullable Document spec,
                               @Nullable String desired, @Nullable String stopReason, List<String> avoidNodes,
                               @Nullable String node, @Nullable String address, @Nullable Integer port,
                               @Nullable Instant boundAt, @Nullable String unplacedReason, @Nullable String state,
                               @Nullable Instant stateAt, @Nullable Integer exitCode, @Nullable String message,
                               @Nullable Instant startCommandAt, @Nullable Instant createdAt, @Nullable Instant healthyAt) {

    public static final String ID = "_id";
    public static final String DEPLOYMENT_ID = "deploymentId";
    public static final String APP = "app";
    public static final String OWNER = "owner";
    public static final String VERSION = "version";
    public static final String GENERATION = "generation";
    public static final String SPEC = "spec";
    public static final String DESIRED = "desired";
    public static final String STOP_REASON = "stopReason";
    public static final String AVOID_NODES = "avoidNodes";
    public static final String NODE = "node";
    public static final String ADDRESS = "address";
    public static final String PORT = "port";
    public static final String BOUND_AT = "boundAt";
    public static final String UNPLACED_REASON = "unplacedReason";
    public static final String STATE = "state";
    public static final String STATE_AT = "stateAt";
    public static final String EXIT_CODE = "exitCode";
    public static final String MESSAGE = "message";
    public static final String START_COMMAND_AT = "startCommandAt";
    public static final String CREATED_AT = "createdAt";
    public static final String HEALTHY_AT = "healthyAt";

    /** {@code desired}: should run. */
    public static final String RUN = "RUN";
    /** {@code desired}: should not run. */
    public static final String STOP = "STOP";
    /** {@code state} of an instance whose agent has reported nothing yet. */
    public static final String PENDING = "PENDING";
    /** The states after which an instance runs no more; with {@code desired: STOP} it is history. */
    public static final List<String> TERMINAL =
            List.of(InstanceState.EXITED.name(), InstanceState.STOPPED.name(), InstanceState.FAILED.name());
    /** The {@code message} of an instance node-manager ended because it was stopped before it was started. */
    public static final String NEVER_STARTED_MESSAGE = "stopped before it was started";

    public InstanceDocument {
        avoidNodes = avoidNodes == null ? List.of() : List.copyOf(avoidNodes);
    }

    /** @return whether its state is one after which it runs no more */
    public boolean ended() {
        return state != null && TERMINAL.contains(state);
    }

    /**
     * @param doc a stored document, whole or projected: a field it lacks (or holds with an unexpected
     *            type) reads as null, zero or empty; text fields of another type read as their text
     * @return the instance it describes
     */
    public static InstanceDocument read(Document doc) {
        return new InstanceDocument(String.valueOf(doc.get(ID)), text(doc.get(DEPLOYMENT_ID)), text(doc.get(APP)),
                text(doc.get(OWNER)), text(doc.get(VERSION)),
                doc.get(GENERATION) instanceof Number n ? n.longValue() : 0,
                doc.get(SPEC) instanceof Document spec ? spec : null,
                text(doc.get(DESIRED)), text(doc.get(STOP_REASON)), strings(doc.get(AVOID_NODES)),
                text(doc.get(NODE)), text(doc.get(ADDRESS)), integer(doc.get(PORT)), instant(doc.get(BOUND_AT)),
                text(doc.get(UNPLACED_REASON)), text(doc.get(STATE)), instant(doc.get(STATE_AT)),
                integer(doc.get(EXIT_CODE)), text(doc.get(MESSAGE)), instant(doc.get(START_COMMAND_AT)),
                instant(doc.get(CREATED_AT)), instant(doc.get(HEALTHY_AT)));
    }

    /**
     * The deployer's new instance: every field present, not placed, {@code desired: RUN},
     * {@code state: PENDING}. The caller stamps its lease's token on it before inserting it.
     *
     * @param id         its id
     * @param deploymentId its deployment
     * @param app        its app
     * @param owner      its app's owner
     * @param version    the version it runs
     * @param generation the deployment generation it is created for
     * @param spec       the instance spec copied into it
     * @param avoidNodes nodes placement must not choose
     * @param now        its creation time
     * @return the document to insert
     */
    public static Document created(String id, String deploymentId, String app, @Nullable String owner, String version,
                                   long generation, Map<String, Object> spec, List<String> avoidNodes, Instant now) {
        return new Document(ID, id)
                .append(DEPLOYMENT_ID, deploymentId)
                .append(APP, app)
                .append(OWNER, owner)
                .append(VERSION, version)
                .append(GENERATION, generation)
                .append(SPEC, new Document(spec))
                .append(DESIRED, RUN)
                .append(STOP_REASON, null)
                .append(AVOID_NODES, avoidNodes)
                .append(NODE, null)
                .append(ADDRESS, null)
                .append(PORT, null)
                .append(BOUND_AT, null)
                .append(UNPLACED_REASON, null)
                .append(STATE, PENDING)
                .append(STATE_AT, Date.from(now))
                .append(EXIT_CODE, null)
                .append(MESSAGE, null)
                .append(START_COMMAND_AT, null)
                .append(CREATED_AT, Date.from(now))
                .append(HEALTHY_AT, null);
    }

    /** @return the deployer's stop request, to {@code $set} */
    public static Document stopFields(String stopReason) {
        return new Document(DESIRED, STOP).append(STOP_REASON, stopReason);
    }

    /** @return node-manager's binding to a node, to {@code $set} (and {@link #UNPLACED_REASON} to unset) */
    public static Document bindingFields(String node, String address, int port, Instant at) {
        return new Document(NODE, node).append(ADDRESS, address).append(PORT, port).append(BOUND_AT, Date.from(at));
    }

    /** @return node-manager's note why no node fits, to {@code $set} */
    public static Document unplacedFields(String reason) {
        return new Document(UNPLACED_REASON, reason);
    }

    /** @return node-manager's note that a start command went out, to {@code $set} */
    public static Document startSentFields(Instant at) {
        return new Document(START_COMMAND_AT, Date.from(at));
    }

    /** @return node-manager's end of an instance that was never started, to {@code $set} */
    public static Document neverStartedFields(Instant at) {
        return new Document(STATE, InstanceState.STOPPED.name()).append(STATE_AT, Date.from(at))
                .append(MESSAGE, NEVER_STARTED_MESSAGE);
    }

    /**
     * @param status an agent's report
     * @return what recording it sets: state, its time, exit code and message when present,
     *         {@code healthyAt} when healthy, and {@code address} when the report names a host
     */
    public static Document reportFields(InstanceStatus status) {
        Date at = Date.from(status.timestamp());
        Document fields = new Document(STATE, status.state().name()).append(STATE_AT, at);
        if (status.exitCode() != null) {
            fields.append(EXIT_CODE, status.exitCode());
        }
        if (status.message() != null) {
            fields.append(MESSAGE, status.message());
        }
        if (status.state() == InstanceState.HEALTHY) {
            fields.append(HEALTHY_AT, at);
        }
        if (status.host() != null && !status.host().isBlank()) {
            // Where the agent says the instance listens: its network namespace's inner end, or the node's address.
            fields.append(ADDRESS, status.host());
        }
        return fields;
    }

    /** @return the fields recording the report removes: an exit code or message it does not carry */
    public static List<String> reportClears(InstanceStatus status) {
        List<String> clears = new ArrayList<>();
        if (status.exitCode() == null) {
            clears.add(EXIT_CODE);
        }
        if (status.message() == null) {
            clears.add(MESSAGE);
        }
        return clears;
    }
}
