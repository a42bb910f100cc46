package dev.plinth.agent.runtime.process;

import dev.plinth.agent.testinfra.CgroupFiles;
import dev.plinth.contracts.inventory.Isolation;
import dev.plinth.contracts.runtime.InstanceListener;
import dev.plinth.contracts.runtime.LaunchSpec;
import dev.plinth.contracts.runtime.StartedInstance;
import dev.plinth.contracts.runtime.StopResult;
import dev.plinth.testkit.wait.Waits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile instances against the real limits of this host: bubblewrap and the cgroup hierarchy
 * mounted at {@code /sys/fs/cgroup} (v1 on the machines this project is built on, v2 on most
 * others; the code and these tests take either). Needs root, as the agent does: without it the
 * setup fails and says so, rather than skip.
 */
class ProcessRuntimeLimitsTest {

    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    private static ProcessRuntime runtime;
    private static Cgroups cgroups;
    private static final Map<String, Exit> exits = new ConcurrentHashMap<>();

    private record Exit(int code, String cause) {
    }

    private static final InstanceListener LISTENER = new InstanceListener() {
        @Override
        public void onOutput(String instanceId, Stream stream, String line) {
        }

        @Override
        public void onExit(String instanceId, int exitCode) {
            onExit(instanceId, exitCode, null);
        }

        @Override
        public void onExit(String instanceId, int exitCode, String cause) {
            exits.put(instanceId, new Exit(exitCode, cause));
        }
    };

    @BeforeAll
    static void start() {
        cgroups = Cgroups.detect(CGROUP_ROOT);
        runtime = new ProcessRuntime(new ProcessRuntimeSettings(Path.of("/usr/bin/bwrap"), CGROUP_ROOT, 65534, List.of()),
                "node-limits", Isolation.REQUIRED);
        assertEquals(List.of(), runtime.isolationProblems(),
                "these tests need what an agent needs: root, bubblewrap and the memory, cpu and pids cgroup controllers");
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void aMemoryHogIsKilledAndReportedAsHavingUsedItsMemoryLimit() throws Exception {
        String id = "hog-" + shortId();
        // tail looks for the last line of an endless file without line breaks: it keeps all of it in memory.
        runtime.start(launch(id, List.of("/usr/bin/tail", "/dev/zero"), 1.0, 64), LISTENER);

        Exit exit = await(() -> Optional.ofNullable(exits.get(id)), "the memory hog " + id + " to be killed");
        assertEquals("killed: it used its memory limit of 64 MiB", exit.cause());
        assertEquals(137, exit.code(), "killed by the kernel with SIGKILL");
        awaitTrue(() -> !Files.exists(group("memory", id)), "the instance's cgroup to be removed");
        assertFalse(runtime.running().contains(id));
    }

    @Test
    void anInstanceThatEndsOnItsOwnHasNoCause() throws Exception {
        String id = "plain-" + shortId();
        runtime.start(launch(id, List.of("/bin/sh", "-c", "exit 3"), 1.0, 64), LISTENER);

        Exit exit = await(() -> Optional.ofNullable(exits.get(id)), id + " to end");
        assertEquals(new Exit(3, null), exit);
    }

    @Test
    void aForkBombStaysInsideItsPidsLimitAndLeavesNothingBehindWhenStopped() throws Exception {
        String id = "bomb-" + shortId();
        int hostBefore = hostProcesses();
        // The classic bomb, in a subshell: the first shell forks once, before the bomb starts, and then
        // waits without forking, so the instance stays up. (With the bomb in the first shell itself, its
        // own second fork could find the group full on a busy host; the shell then exited and took the
        // instance and its cgroup with it.)
        StartedInstance started = runtime.start(launch(id,
                List.of("/bin/sh", "-c", "(b() { b | b & }; b) & exec sleep 3600"), 1.0, 256), LISTENER);

        Path pids = group("pids", id);
        awaitTrue(() -> CgroupFiles.counter(pids.resolve("pids.events"), "max") > 0, "the bomb to hit its pids limit");
        for (int sample = 0; sample < 10; sample++) {
            long inGroup = Long.parseLong(Files.readString(pids.resolve("pids.current")).trim());
            assertTrue(inGroup <= CgroupLimits.PIDS_MAX, "the group holds " + inGroup + " processes");
            int host = hostProcesses();
            assertTrue(host - hostBefore <= 2 * CgroupLimits.PIDS_MAX,
                    "the host went from " + hostBefore + " to " + host + " processes");
            // Sampled over a second on purpose: the limit must hold while the bomb keeps forking.
            Thread.sleep(100);
        }
        assertTrue(runtime.running().contains(id), "the instance is still up: " + started);

        StopResult stopped = runtime.stop(id, Duration.ofSeconds(2));
        assertTrue(stopped.wasRunning());
        assertFalse(runtime.running().contains(id));
        awaitTrue(() -> !Files.exists(pids), "the instance's cgroup to be empty and removed");
        for (String controller : Cgroups.CONTROLLERS) {
            awaitTrue(() -> !Files.exists(group(controller, id)), "the " + controller + " group of " + id + " to go");
        }
        assertFalse(ProcessHandle.of(Long.parseLong(started.nativeId())).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void aCpuHogIsHeldToItsQuota() throws Exception {
        String id = "spin-" + shortId();
        double quota = 0.2;
        // Two busy loops would take both cores of this machine without a quota.
        StartedInstance started = runtime.start(launch(id,
                List.of("/bin/sh", "-c", "while :; do :; done & while :; do :; done"), quota, 64), LISTENER);
        ProcessHandle root = ProcessHandle.of(Long.parseLong(started.nativeId())).orElseThrow();
        // bubblewrap, its init in the sandbox, the shell and its background loop
        awaitTrue(() -> root.descendants().count() >= 3, "both loops to run");

        Duration before = cpuTime(root);
        long from = System.nanoTime();
        // Lets the loops run for a measured while on purpose: the CPU time they get in it is what is tested.
        Thread.sleep(3000);
        double cores = (double) (cpuTime(root).minus(before).toNanos()) / (System.nanoTime() - from);
        long throttled = CgroupFiles.counter(group("cpu", id).resolve("cpu.stat"), "nr_throttled");
        runtime.stop(id, Duration.ofSeconds(2));

        // Loose on purpose: a bound well above the quota and far below the two cores it wanted.
        assertTrue(cores < quota * 2.5, "the hog used " + cores + " cores with a quota of " + quota);
        assertTrue(throttled > 0, "the kernel held it back (cpu.stat nr_throttled " + throttled + ")");
    }

    // ---- helpers ----

    private static LaunchSpec launch(String id, List<String> command, double cpu, int memoryMb) throws IOException {
        Path work = Files.createDirectories(dir.resolve(id));
        return new LaunchSpec(id, "limits", work, command, null, 0, 0, Map.of(), cpu, memoryMb);
    }

    private static Path group(String controller, String id) {
        return cgroups.version() == Cgroups.Version.V1
                ? CGROUP_ROOT.resolve(controller).resolve(Cgroups.PARENT).resolve(id)
                : CGROUP_ROOT.resolve(Cgroups.PARENT).resolve(id);
    }

    private static int hostProcesses() {
        try (var entries = Files.list(Path.of("/proc"))) {
            return (int) entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Duration cpuTime(ProcessHandle root) {
        Duration total = root.info().totalCpuDuration().orElse(Duration.ZERO);
        for (ProcessHandle p : root.descendants().toList()) {
            total = total.plus(p.info().totalCpuDuration().orElse(Duration.ZERO));
        }
        return total;
    }

    private static <T> T await(java.util.function.Supplier<Optional<T>> probe, String what) {
        return Waits.until(what, WAIT, () -> probe.get().orElse(null), () -> "nothing yet");
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        Waits.untilTrue(what, WAIT, condition, () -> "not yet");
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
