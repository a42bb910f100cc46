package dev.plinth.deployer.reconcile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builders for reconciler inputs and expected actions, so test cases read like tables. */
final class Snapshots {

    static final Instant T = Instant.parse("2025-03-01T12:00:00Z");

    private Snapshots() {
    }

    static Instant at(long secondsFromT) {
        return T.plusSeconds(secondsFromT);
    }

    static Map<String, Object> spec(String version) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("version", version);
        spec.put("artifactSha256", "sha-" + version);
        spec.put("command", List.of("java", "-jar", "app.jar"));
        spec.put("image", null);
        spec.put("startupSeconds", 30);
        return spec;
    }

    /** A deployment of {@code app}, generation 1, active, not yet stable, no status. */
    static Dep dep(String version, int instances) {
        return new Dep(new DeploymentView("d1", "app", "dev", version, instances, 1, true, spec(version),
                null, null, null, null, null));
    }

    /** A wanted instance of generation 1, created 5 minutes before T, state changed 4 minutes before T. */
    static Inst inst(String id, String version, ObservedState state, String node) {
        return new Inst(new InstanceView(id, version, 1, Desired.RUN, null, node, state, at(-240), at(-300),
                null, null, List.of()));
    }

    static Map<String, NodeState> nodes(Object... nameThenState) {
        Map<String, NodeState> nodes = new LinkedHashMap<>();
        for (int i = 0; i < nameThenState.length; i += 2) {
            nodes.put((String) nameThenState[i], (NodeState) nameThenState[i + 1]);
        }
        return nodes;
    }

    static Map<String, NodeState> readyNodes() {
        return nodes("n1", NodeState.READY, "n2", NodeState.READY, "n3", NodeState.READY, "n4", NodeState.READY);
    }

    static Action create(String version, String... avoid) {
        return new Action.CreateInstance(version, spec(version), Arrays.asList(avoid));
    }

    static Action stop(String id, StopReason reason) {
        return new Action.StopInstance(id, reason);
    }

    static Action status(DeploymentStatus status, String reason) {
        return new Action.SetStatus(status, reason);
    }

    static Action stable(String version) {
        return new Action.MarkStable(version, spec(version));
    }

    static List<Action> actions(Action... actions) {
        return new ArrayList<>(Arrays.asList(actions));
    }

    /** A deployment under construction. */
    record Dep(DeploymentView view) {
        Dep stableOn(String version) {
            DeploymentView d = view;
            return new Dep(new DeploymentView(d.id(), d.app(), d.owner(), d.version(), d.instances(), d.generation(),
                    d.active(), d.spec(), version, spec(version), d.status(), d.reason(), d.statusAt()));
        }

        Dep status(DeploymentStatus status, String reason, Instant statusAt) {
            DeploymentView d = view;
            return new Dep(new DeploymentView(d.id(), d.app(), d.owner(), d.version(), d.instances(), d.generation(),
                    d.active(), d.spec(), d.stableVersion(), d.stableSpec(), status, reason, statusAt));
        }

        Dep status(DeploymentStatus status) {
            return status(status, null, at(-3600));
        }

        Dep generation(long generation) {
            DeploymentView d = view;
            return new Dep(new DeploymentView(d.id(), d.app(), d.owner(), d.version(), d.instances(), generation,
                    d.active(), d.spec(), d.stableVersion(), d.stableSpec(), d.status(), d.reason(), d.statusAt()));
        }

        Dep inactive() {
            DeploymentView d = view;
            return new Dep(new DeploymentView(d.id(), d.app(), d.owner(), d.version(), d.instances(), d.generation(),
                    false, d.spec(), d.stableVersion(), d.stableSpec(), d.status(), d.reason(), d.statusAt()));
        }
    }

    /** An instance under construction. */
    record Inst(InstanceView view) {
        Inst stopped(StopReason reason) {
            InstanceView i = view;
            return new Inst(new InstanceView(i.id(), i.version(), i.generation(), Desired.STOP, reason, i.node(),
                    i.state(), i.stateAt(), i.createdAt(), i.exitCode(), i.message(), i.avoidNodes()));
        }

        Inst stateAt(Instant stateAt) {
            InstanceView i = view;
            return new Inst(new InstanceView(i.id(), i.version(), i.generation(), i.desired(), i.stopReason(),
                    i.node(), i.state(), stateAt, i.createdAt(), i.exitCode(), i.message(), i.avoidNodes()));
        }

        Inst createdAt(Instant createdAt) {
            InstanceView i = view;
            return new Inst(new InstanceView(i.id(), i.version(), i.generation(), i.desired(), i.stopReason(),
                    i.node(), i.state(), createdAt, createdAt, i.exitCode(), i.message(), i.avoidNodes()));
        }

        Inst exited(int code) {
            InstanceView i = view;
            return new Inst(new InstanceView(i.id(), i.version(), i.generation(), i.desired(), i.stopReason(),
                    i.node(), i.state(), i.stateAt(), i.createdAt(), code, i.message(), i.avoidNodes()));
        }

        Inst message(String message) {
            InstanceView i = view;
            return new Inst(new InstanceView(i.id(), i.version(), i.generation(), i.desired(), i.stopReason(),
                    i.node(), i.state(), i.stateAt(), i.createdAt(), i.exitCode(), message, i.avoidNodes()));
        }

        Inst generation(long generation) {
            InstanceView i = view;
            return new Inst(new InstanceView(i.id(), i.version(), generation, i.desired(), i.stopReason(),
                    i.node(), i.state(), i.stateAt(), i.createdAt(), i.exitCode(), i.message(), i.avoidNodes()));
        }
    }
}
