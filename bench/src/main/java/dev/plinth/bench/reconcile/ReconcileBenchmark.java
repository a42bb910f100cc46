package dev.plinth.bench.reconcile;

import dev.plinth.deployer.reconcile.DeploymentStatus;
import dev.plinth.deployer.reconcile.DeploymentView;
import dev.plinth.deployer.reconcile.Desired;
import dev.plinth.deployer.reconcile.InstanceView;
import dev.plinth.deployer.reconcile.NodeState;
import dev.plinth.deployer.reconcile.ObservedState;
import dev.plinth.deployer.reconcile.Plan;
import dev.plinth.deployer.reconcile.Reconciler;
import dev.plinth.deployer.reconcile.StopReason;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Average time of one {@link Reconciler#reconcile} call for one deployment as its instance count grows,
 * in three situations.
 *
 * <p>Every deployment runs on 10 nodes (instance i on node i mod 10) and carries history: twice as many
 * stopped instances of an earlier generation and version, as a deployment that has been upgraded a few
 * times does. {@code steady}: every instance healthy on the stable version, the plan is empty.
 * {@code rolling}: a rollout from v1 to v2 half done, every instance healthy, the plan surges one new
 * instance. {@code failing}: the stable version, with one instance in ten (the second of each ten) exited
 * within the last minute and node 2 lost, so the pass stops the failed and lost instances (2 of 3, 6 of 30,
 * 60 of 300), and replaces them at once or backs off; with 300 it also writes DEGRADED.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ReconcileBenchmark {

    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");
    private static final int NODES = 10;

    @Param({"3", "30", "300"})
    int instances;

    @Param({"steady", "rolling", "failing"})
    String situation;

    private final Reconciler reconciler = new Reconciler();
    private DeploymentView deployment;
    private List<InstanceView> all;
    private Map<String, NodeState> nodes;

    @Setup(Level.Trial)
    public void buildInputs() {
        boolean rolling = situation.equals("rolling");
        boolean failing = situation.equals("failing");
        deployment = new DeploymentView("dep-1", "app", "dev", "v2", instances, 3, true, spec("v2"),
                rolling ? "v1" : "v2", rolling ? spec("v1") : spec("v2"),
                rolling ? DeploymentStatus.ROLLING_OUT : DeploymentStatus.RUNNING, null, NOW.minusSeconds(3600));

        nodes = new LinkedHashMap<>();
        for (int n = 0; n < NODES; n++) {
            nodes.put(node(n), failing && n == 2 ? NodeState.LOST : NodeState.READY);
        }

        all = new ArrayList<>();
        for (int h = 0; h < 2 * instances; h++) {
            all.add(new InstanceView(String.format("old-%05d", h), "v0", 1, Desired.STOP, StopReason.REPLACED,
                    node(h), ObservedState.STOPPED, NOW.minusSeconds(7200), NOW.minusSeconds(9000), null, null,
                    List.of()));
        }
        for (int i = 0; i < instances; i++) {
            String version = rolling && i % 2 == 0 ? "v1" : "v2";
            long generation = rolling && i % 2 == 0 ? 2 : 3;
            boolean exited = failing && i % 10 == 1;
            all.add(new InstanceView(String.format("inst-%05d", i), version, generation, Desired.RUN, null, node(i),
                    exited ? ObservedState.EXITED : ObservedState.HEALTHY,
                    exited ? NOW.minusSeconds(i % 60) : NOW.minusSeconds(600), NOW.minusSeconds(900),
                    exited ? 1 : null, null, List.of()));
        }
    }

    private static String node(int i) {
        return String.format("node-%02d", i % NODES);
    }

    private static Map<String, Object> spec(String version) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("version", version);
        spec.put("artifactSha256", "sha-" + version);
        spec.put("command", List.of("java", "-jar", "app.jar"));
        spec.put("cpu", 0.25);
        spec.put("memoryMb", 256);
        return spec;
    }

    /** @return the plan, so the JIT cannot drop the work */
    @Benchmark
    public Plan reconcile() {
        return reconciler.reconcile(deployment, all, nodes, NOW);
    }
}
