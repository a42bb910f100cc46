package dev.plinth.agent.runtime.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cgroup v2 path against a FAKED layout: a temporary directory holding the files the kernel
 * would show at the root of a cgroup2 mount ({@code cgroup.controllers}, {@code cgroup.subtree_control},
 * {@code cgroup.procs}). This machine binds memory, cpu and pids to cgroup v1, so no cgroup2 mount
 * here can offer them (what a real mount does offer is {@link CgroupsV2MountTest}'s part). The code
 * writes its files into the fake and the test reads them back; what only a kernel does (enforcing,
 * counting kills) is stood in for by the test writing the kernel's files itself, and says so.
 */
class CgroupsV2LayoutTest {

    @TempDir
    Path root;

    private void kernelOffers(String controllers) throws IOException {
        Files.writeString(root.resolve("cgroup.controllers"), controllers + "\n");
        Files.writeString(root.resolve("cgroup.subtree_control"), "");
        Files.writeString(root.resolve("cgroup.procs"), "1\n");
    }

    @Test
    void enablesTheControllersForTheParentGroupAndItsChildren() throws IOException {
        kernelOffers("cpuset cpu io memory hugetlb pids rdma misc");

        Cgroups cgroups = Cgroups.detect(root);

        assertEquals(Cgroups.Version.V2, cgroups.version());
        assertEquals(List.of(), cgroups.problems());
        assertEquals("+memory +cpu +pids", Files.readString(root.resolve("cgroup.subtree_control")));
        assertEquals("+memory +cpu +pids", Files.readString(root.resolve("plinth/cgroup.subtree_control")));
    }

    @Test
    void leavesControllersThatAreEnabledAlreadyAlone() throws IOException {
        kernelOffers("cpu io memory pids");
        Files.writeString(root.resolve("cgroup.subtree_control"), "cpu memory\n");

        Cgroups.detect(root);

        assertEquals("+pids", Files.readString(root.resolve("cgroup.subtree_control")));
    }

    @Test
    void writesTheInstancesLimitsIntoItsOwnLeafGroup() throws IOException {
        kernelOffers("cpu memory pids");
        Cgroups cgroups = Cgroups.detect(root);

        CgroupLimits limits = CgroupLimits.create(cgroups, "shop-1", 0.5, 256);

        Path group = root.resolve("plinth/shop-1");
        assertEquals(List.of(), limits.warnings());
        assertEquals("268435456", Files.readString(group.resolve("memory.max")));
        assertEquals("0", Files.readString(group.resolve("memory.swap.max")));
        assertEquals("1", Files.readString(group.resolve("memory.oom.group")));
        assertEquals("50000 100000", Files.readString(group.resolve("cpu.max")));
        assertEquals("512", Files.readString(group.resolve("pids.max")));
        assertEquals(List.of(group.resolve("cgroup.procs")), limits.procsFiles(), "one group to join on v2");
    }

    @Test
    void aTinyCpuShareStillGetsAMillisecondPerPeriod() throws IOException {
        kernelOffers("cpu memory pids");

        CgroupLimits.create(Cgroups.detect(root), "tiny-1", 0.001, 64);

        assertEquals("1000 100000", Files.readString(root.resolve("plinth/tiny-1/cpu.max")));
    }

    @Test
    void readsAKillForMemoryFromTheGroupsEvents() throws IOException {
        kernelOffers("cpu memory pids");
        CgroupLimits limits = CgroupLimits.create(Cgroups.detect(root), "hog-1", 1, 128);
        Path events = root.resolve("plinth/hog-1/memory.events");

        // What the kernel writes after running out of memory in the group (stood in for by the test).
        Files.writeString(events, "low 0\nhigh 0\nmax 12\noom 1\noom_kill 0\noom_group_kill 0\n");
        assertEquals(Optional.empty(), limits.exitCause(137), "hitting the limit without a kill is no cause");
        Files.writeString(events, "low 0\nhigh 0\nmax 40\noom 3\noom_kill 1\noom_group_kill 1\n");
        assertEquals(Optional.of("killed: it used its memory limit of 128 MiB"), limits.exitCause(137));
    }

    @Test
    void namesTheMissingControllersAndTheFix() throws IOException {
        kernelOffers("cpu io");

        Cgroups cgroups = Cgroups.detect(root);

        assertEquals(1, cgroups.problems().size(), cgroups.problems().toString());
        String problem = cgroups.problems().get(0);
        assertTrue(problem.startsWith("cgroup v2 at " + root + " offers no memory, pids controllers (its cgroup.controllers lists: cpu io)"),
                problem);
        assertTrue(problem.contains("systemd.unified_cgroup_hierarchy=1"), problem);
        CgroupLimits limits = CgroupLimits.create(cgroups, "shop-2", 1, 256);
        assertEquals(2, limits.warnings().size(), "memory and pids limits cannot be applied: " + limits.warnings());
        assertEquals("100000 100000", Files.readString(root.resolve("plinth/shop-2/cpu.max")), "cpu still is");
    }

    @Test
    void refusesAParentGroupThatHoldsProcesses() throws IOException {
        kernelOffers("cpu memory pids");
        Files.createDirectories(root.resolve("plinth"));
        Files.writeString(root.resolve("plinth/cgroup.procs"), "4242\n");

        Cgroups cgroups = Cgroups.detect(root);

        assertEquals(1, cgroups.problems().size(), cgroups.problems().toString());
        assertTrue(cgroups.problems().get(0).contains("it holds processes of its own (4242)"), cgroups.problems().get(0));
    }

    @Test
    void removesOnlyEmptyInstanceGroupsOldEnoughToBeLeftovers() throws IOException {
        kernelOffers("cpu memory pids");
        Cgroups cgroups = Cgroups.detect(root);
        Path old = Files.createDirectories(root.resolve("plinth/old-1"));
        Path fresh = Files.createDirectories(root.resolve("plinth/fresh-1"));
        Path busy = Files.createDirectories(root.resolve("plinth/busy-1"));
        Files.writeString(busy.resolve("cgroup.procs"), "4242\n");
        java.nio.file.attribute.FileTime longAgo = java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofMinutes(5)));
        Files.setLastModifiedTime(old, longAgo);
        Files.setLastModifiedTime(busy, longAgo);

        assertEquals(1, cgroups.removeLeftovers(java.time.Duration.ofMinutes(1)));

        assertTrue(Files.notExists(old));
        assertTrue(Files.isDirectory(fresh), "another agent may be setting it up");
        assertTrue(Files.isDirectory(busy), "its processes still run");
    }

    @Test
    void anEmptyDirectoryIsNoHierarchy() {
        Cgroups cgroups = Cgroups.detect(root);

        assertEquals(Cgroups.Version.NONE, cgroups.version());
        assertTrue(cgroups.problems().get(0).startsWith("no cgroup hierarchy is mounted at " + root), cgroups.problems().toString());
        assertEquals(1, CgroupLimits.create(cgroups, "x-1", 1, 64).warnings().size());
    }
}
