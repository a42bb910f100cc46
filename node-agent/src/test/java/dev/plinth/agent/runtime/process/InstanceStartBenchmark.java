package dev.plinth.agent.runtime.process;

import dev.plinth.contracts.inventory.Isolation;
import dev.plinth.contracts.runtime.InstanceListener;
import dev.plinth.contracts.runtime.LaunchSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What isolation costs an instance's start, measured by the process runtime itself (no Kafka, no
 * agent): for a node that isolates (namespace, bubblewrap, cgroups) and for one with
 * {@code isolation: none}, the time {@code start()} takes and the time until the instance's first
 * line of output, over RUNS starts each, alternating. Prints each run and the medians. Run it with
 * {@code bench/isolation/run.sh}; it needs root, like an agent.
 */
public final class InstanceStartBenchmark {

    private InstanceStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 21;
        Path work = Files.createTempDirectory("start-bench");
        ProcessRuntimeSettings settings = new ProcessRuntimeSettings(Path.of("/usr/bin/bwrap"), Path.of("/sys/fs/cgroup"), 65534, List.of());
        Map<String, CompletableFuture<Long>> firstLine = new ConcurrentHashMap<>();
        InstanceListener listener = new InstanceListener() {
            @Override
            public void onOutput(String instanceId, Stream stream, String line) {
                CompletableFuture<Long> f = firstLine.get(instanceId);
                if (f != null) {
                    f.complete(System.nanoTime());
                }
            }

            @Override
            public void onExit(String instanceId, int exitCode) {
            }
        };
        Map<Isolation, List<Long>> starts = new java.util.EnumMap<>(Isolation.class);
        Map<Isolation, List<Long>> outputs = new java.util.EnumMap<>(Isolation.class);
        try (ProcessRuntime isolated = new ProcessRuntime(settings, "bench-isolated", Isolation.REQUIRED);
             ProcessRuntime unconfined = new ProcessRuntime(settings, "bench-unconfined", Isolation.NONE)) {
            if (!isolated.isolationProblems().isEmpty()) {
                throw new IllegalStateException("this host cannot isolate: " + isolated.isolationProblems());
            }
            for (int run = 0; run <= runs; run++) {
                for (Isolation mode : List.of(Isolation.REQUIRED, Isolation.NONE)) {
                    ProcessRuntime runtime = mode == Isolation.REQUIRED ? isolated : unconfined;
                    String id = "bench-" + mode.name().toLowerCase() + "-" + run + "-" + System.nanoTime() % 100000;
                    Path dir = Files.createDirectories(work.resolve(id));
                    firstLine.put(id, new CompletableFuture<>());
                    long begin = System.nanoTime();
                    runtime.start(new LaunchSpec(id, "bench", dir, List.of("/bin/sh", "-c", "echo ready; exec sleep 60"), null,
                            20000 + run, 0, Map.of(), 0.5, 64), listener);
                    long started = System.nanoTime();
                    long printed = firstLine.get(id).get(30, TimeUnit.SECONDS);
                    runtime.stop(id, Duration.ofSeconds(2));
                    if (run == 0) {
                        continue; // warm-up
                    }
                    starts.computeIfAbsent(mode, m -> new ArrayList<>()).add(started - begin);
                    outputs.computeIfAbsent(mode, m -> new ArrayList<>()).add(printed - begin);
                    System.out.printf("run %d %s: start() %.1f ms, first output %.1f ms%n", run, mode.name().toLowerCase(),
                            (started - begin) / 1e6, (printed - begin) / 1e6);
                }
            }
        }
        for (Isolation mode : List.of(Isolation.REQUIRED, Isolation.NONE)) {
            System.out.printf("median %s over %d: start() %.1f ms, first output %.1f ms%n", mode.name().toLowerCase(), runs,
                    median(starts.get(mode)) / 1e6, median(outputs.get(mode)) / 1e6);
        }
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
