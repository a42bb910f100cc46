package dev.plinth.bench.placement;

import dev.plinth.nodemanager.placement.BoundInstance;
import dev.plinth.nodemanager.placement.ClusterSnapshot;
import dev.plinth.nodemanager.placement.NodeSnapshot;
import dev.plinth.nodemanager.placement.PendingInstance;
import dev.plinth.nodemanager.placement.PlacementPlan;
import dev.plinth.nodemanager.placement.PlacementPlanner;
import dev.plinth.nodemanager.registry.NodeState;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Average time of one {@link PlacementPlanner#plan} call as the cluster and the number of pending instances grow.
 *
 * <p>The cluster is built the same way on every run. Each node has 8 cpu, 16384 MB and 1000 ports. It
 * already runs 4 instances (0.5 cpu, 512 MB each). Its zone is north, south or east in turn, and every
 * tenth node is cordoned. Each pending instance needs 0.25 cpu and 256 MB, belongs to one of 20 apps,
 * and one in five requires {@code zone=north}. On 10 nodes only about 200 instances fit, so the
 * 1000-instance case also measures how the reasons for the unplaced ones are built.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class PlacementBenchmark {

    private static final String[] ZONES = {"north", "south", "east"};
    private static final int APPS = 20;

    @Param({"10", "100", "1000"})
    int nodes;

    @Param({"1", "100", "1000"})
    int pending;

    private final PlacementPlanner planner = new PlacementPlanner();
    private ClusterSnapshot snapshot;
    private List<PendingInstance> instances;

    @Setup(Level.Trial)
    public void buildInputs() {
        List<NodeSnapshot> cluster = new ArrayList<>(nodes);
        for (int n = 0; n < nodes; n++) {
            List<BoundInstance> bound = new ArrayList<>();
            for (int b = 0; b < 4; b++) {
                bound.add(new BoundInstance("bound-" + n + "-" + b, "app-" + (n + b) % APPS, 0.5, 512, 21000 + b));
            }
            NodeState state = n % 10 == 9 ? NodeState.CORDONED : NodeState.READY;
            cluster.add(new NodeSnapshot(String.format("node-%04d", n), state, "10.0." + n / 256 + "." + n % 256,
                    8, 16384, Map.of("zone", ZONES[n % ZONES.length]), 21000, 21999, bound));
        }
        snapshot = new ClusterSnapshot(cluster);

        instances = new ArrayList<>(pending);
        for (int i = 0; i < pending; i++) {
            Map<String, String> labels = i % 5 == 0 ? Map.of("zone", "north") : Map.of();
            instances.add(new PendingInstance(String.format("inst-%05d", i), "app-" + i % APPS, "dep-" + i % APPS,
                    0.25, 256, labels, Set.of()));
        }
    }

    /** @return the plan, so the JIT cannot drop the work */
    @Benchmark
    public PlacementPlan plan() {
        return planner.plan(instances, snapshot);
    }
}
