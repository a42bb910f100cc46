package dev.plinth.agent.runtime.process;

import dev.plinth.contracts.inventory.Isolation;
import dev.plinth.contracts.runtime.InstanceListener;
import dev.plinth.contracts.runtime.LaunchSpec;
import dev.plinth.contracts.runtime.RuntimeStartException;
import dev.plinth.contracts.runtime.StartedInstance;
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
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The cgroup v2 path against a REAL cgroup2 file system, mounted by the test ({@code mount -t cgroup2})
 * in a temporary directory and unmounted after it. A real kernel creates the groups, moves processes
 * into them, kills them with {@code cgroup.kill} and refuses to remove a busy group. Which controllers
 * it offers depends on the host: where memory, cpu or pids are bound to cgroup v1 (as on the machines
 * this project is built on) the agent must name them as missing and refuse to run isolated instances;
 * where all three are offered it must use them. The limits themselves are {@link CgroupsV2LayoutTest}'s
 * part here, and {@link ProcessRuntimeLimitsTest}'s on a host that mounts v2 at /sys/fs/cgroup.
 */
class CgroupsV2MountTest {

    @TempDir
    static Path dir;
    private static Path mount;
    private static List<String> missing;

    @BeforeAll
    static void mountCgroup2() throws Exception {
        mount = Files.createDirectories(dir.resolve("cgroup2"));
        Process p = new ProcessBuilder("mount", "-t", "cgroup2", "none", mount.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes()).trim();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0,
                "this test mounts cgroup2 and needs root for it, as the agent needs root: " + output);
        List<String> offered = Cgroups.words(mount.resolve("cgroup.controllers"));
        missing = Cgroups.CONTROLLERS.stream().filter(c -> !offered.contains(c)).toList();
    }

    @AfterAll
    static void unmount() throws Exception {
        if (mount != null) {
            new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void findsVersion2AndNamesTheControllersItLacks() {
        Cgroups cgroups = Cgroups.detect(mount);

        assertEquals(Cgroups.Version.V2, cgroups.version());
        if (missing.isEmpty()) {
            assertEquals(List.of(), cgroups.problems());
        } else {
            assertEquals(1, cgroups.problems().size(), cgroups.problems().toString());
            assertTrue(cgroups.problems().get(0).contains("offers no " + String.join(", ", missing) + " controller"),
                    cgroups.problems().get(0));
        }
        assertTrue(Files.isDirectory(mount.resolve(Cgroups.PARENT)), "the parent group is made");
    }

    @Test
    void anInstancesGroupTakesItsProcessKillsThemAllAndGoes() throws Exception {
        Cgroups cgroups = Cgroups.detect(mount);
        String id = "v2-" + shortId();
        CgroupLimits limits = CgroupLimits.create(cgroups, id, 1, 64);
        Path group = mount.resolve(Cgroups.PARENT).resolve(id);
        List<Path> procs = limits.procsFiles();
        assertEquals(List.of(group.resolve("cgroup.procs")), procs);

        Process process = new ProcessBuilder("/bin/sh", "-c", "echo $$ > \"$1\" && { sleep 600 & wait; }", "test",
                procs.get(0).toString()).start();
        try {
            awaitTrue(() -> limits.processes().size() >= 2, "the shell and its sleep in the group");
            String membership = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "cgroup"));
            assertTrue(membership.contains("0::/" + Cgroups.PARENT + "/" + id), membership);
            assertThrows(IOException.class, () -> Files.delete(group), "the kernel keeps a group with processes");

            assertTrue(limits.killAll(Duration.ofSeconds(10)));
            assertTrue(process.waitFor(10, TimeUnit.SECONDS));
            assertEquals(List.of(), limits.processes());
            limits.remove();
            assertFalse(Files.exists(group));
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            limits.remove();
        }
    }

    @Test
    void anUnconfinedNodeRunsWithTheLimitsTheHostAllowsAndANodeRequiringIsolationRefusesWithoutThem() throws Exception {
        ProcessRuntimeSettings settings = new ProcessRuntimeSettings(Path.of("/usr/bin/bwrap"), mount, 65534, List.of());
        String id = "v2-" + shortId();
        LaunchSpec launch = new LaunchSpec(id, "v2", Files.createDirectories(dir.resolve(id)),
                List.of("/bin/sh", "-c", "sleep 600"), null, 0, 0, Map.of(), 1, 64);
        List<Integer> exits = new java.util.concurrent.CopyOnWriteArrayList<>();
        InstanceListener listener = new InstanceListener() {
            @Override
            public void onOutput(String instanceId, Stream stream, String line) {
            }

            @Override
            public void onExit(String instanceId, int exitCode) {
                exits.add(exitCode);
            }
        };

        try (ProcessRuntime required = new ProcessRuntime(settings, "node-v2", Isolation.REQUIRED)) {
            if (missing.isEmpty()) {
                assertEquals(List.of(), required.isolationProblems());
            } else {
                assertTrue(required.isolationProblems().stream().anyMatch(p -> p.contains("offers no")),
                        required.isolationProblems().toString());
                RuntimeStartException refused = assertThrows(RuntimeStartException.class, () -> required.start(launch, listener));
                assertTrue(refused.getMessage().startsWith("node node-v2 cannot isolate instances: "), refused.getMessage());
                assertFalse(Files.exists(mount.resolve(Cgroups.PARENT).resolve(id)), "no group is left");
            }
        }

        try (ProcessRuntime unconfined = new ProcessRuntime(settings, "node-v2", Isolation.NONE)) {
            assertEquals(List.of(), unconfined.isolationProblems());
            StartedInstance started = unconfined.start(launch, listener);
            assertTrue(started.warnings().get(0).startsWith("runs UNCONFINED: node node-v2 has isolation: none"),
                    started.warnings().toString());
            assertEquals(1 + (missing.contains("memory") ? 1 : 0) + (missing.contains("cpu") ? 1 : 0)
                    + (missing.contains("pids") ? 1 : 0), started.warnings().size(), started.warnings().toString());
            Path group = mount.resolve(Cgroups.PARENT).resolve(id);
            Path membership = Path.of("/proc", started.nativeId(), "cgroup");
            awaitTrue(() -> read(membership).contains("0::/" + Cgroups.PARENT + "/" + id), "the instance in its own group");

            unconfined.stop(id, Duration.ofSeconds(2));
            awaitTrue(() -> !Files.exists(group), "the group to be removed");
            awaitTrue(() -> !exits.isEmpty(), "the exit to be reported");
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        Waits.untilTrue(what, Duration.ofSeconds(30), condition, () -> "not yet");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
