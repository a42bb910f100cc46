package dev.plinth.agent.runtime.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The cpu, memory and pids limits of one instance: its own cgroup under the agent's parent group
 * ({@link Cgroups}), on cgroup v2 or v1. What cannot be applied on this host is reported, never
 * silently skipped. After the instance it says whether the kernel killed it for its memory limit,
 * kills whatever is left in the group and removes the group.
 */
final class CgroupLimits {

    private static final Logger LOG = LoggerFactory.getLogger(CgroupLimits.class);
    static final long CPU_PERIOD_US = 100_000;
    static final int PIDS_MAX = dev.plinth.agent.runtime.Limits.PIDS_MAX;
    private static final long MIB = 1024 * 1024;

    private final Cgroups cgroups;
    private final String instanceId;
    private final int memoryMb;
    /** The instance's group in each hierarchy it joins (one on v2, one per controller on v1). */
    private final Set<Path> groups = new LinkedHashSet<>();
    private final List<String> warnings = new ArrayList<>();

    private CgroupLimits(Cgroups cgroups, String instanceId, int memoryMb) {
        this.cgroups = cgroups;
        this.instanceId = instanceId;
        this.memoryMb = memoryMb;
    }

    /**
     * Creates the instance's group and writes its limits.
     *
     * @param cgroups    the hierarchy
     * @param instanceId the instance, a plain name
     * @param cpu        cores it may use
     * @param memoryMb   memory it may use, in MiB, swap included
     * @return the limits; {@link #warnings()} says what could not be applied
     */
    static CgroupLimits create(Cgroups cgroups, String instanceId, double cpu, int memoryMb) {
        CgroupLimits limits = new CgroupLimits(cgroups, instanceId, memoryMb);
        String memory = String.valueOf(memoryMb * MIB);
        long quota = Math.max(1000, (long) (cpu * CPU_PERIOD_US));
        String memoryLimit = "memory limit of " + memoryMb + " MiB";
        String cpuLimit = "cpu limit of " + cpu + " cores";
        String pidsLimit = "process limit of " + PIDS_MAX;
        switch (cgroups.version()) {
            case V2 -> {
                limits.apply("memory", "memory.max", memory, memoryLimit);
                // Only where the kernel accounts swap: without it there is none to limit.
                limits.apply("memory", "memory.swap.max", "0", null);
                // On a kill for memory, end the whole instance rather than one of its processes.
                limits.apply("memory", "memory.oom.group", "1", null);
                limits.apply("cpu", "cpu.max", quota + " " + CPU_PERIOD_US, cpuLimit);
                limits.apply("pids", "pids.max", String.valueOf(PIDS_MAX), pidsLimit);
            }
            case V1 -> {
                limits.apply("memory", "memory.limit_in_bytes", memory, memoryLimit);
                // Memory plus swap, only where the kernel accounts swap (swapaccount=1).
                limits.apply("memory", "memory.memsw.limit_in_bytes", memory, null);
                limits.apply("cpu", "cpu.cfs_period_us", String.valueOf(CPU_PERIOD_US), null);
                limits.apply("cpu", "cpu.cfs_quota_us", String.valueOf(quota), cpuLimit);
                limits.apply("pids", "pids.max", String.valueOf(PIDS_MAX), pidsLimit);
            }
            case NONE -> limits.warnings.add("cannot apply the " + memoryLimit + ", the " + cpuLimit + " or the "
                    + pidsLimit + ": no cgroup hierarchy at " + cgroups.root());
        }
        return limits;
    }

    /** @return the instance's group for a controller: the one group on v2, the controller's own on v1 */
    private Path group(String controller) {
        return cgroups.version() == Cgroups.Version.V1
                ? cgroups.root().resolve(controller).resolve(Cgroups.PARENT).resolve(instanceId)
                : cgroups.root().resolve(Cgroups.PARENT).resolve(instanceId);
    }

    private void apply(String controller, String file, String value, String description) {
        Path dir = group(controller);
        try {
            if (!cgroups.has(controller)) {
                throw new IOException("the host offers no " + controller + " controller in " + cgroups.version()
                        + " at " + cgroups.root());
            }
            if (groups.add(dir)) {
                Files.createDirectories(dir);
            }
            Files.writeString(dir.resolve(file), value, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            if (description != null) {
                warnings.add("cannot apply the " + description + " (cgroup " + controller + "): " + e.getMessage());
            }
        }
    }

    /** @return the {@code cgroup.procs} files a process must write its pid to, to be limited */
    List<Path> procsFiles() {
        if (cgroups.version() == Cgroups.Version.V2 && groups.isEmpty()) {
            // No controller to limit with, but a group of its own still lets the agent find and end every process.
            tryCreate(group("pids"));
        }
        return groups.stream().map(d -> d.resolve("cgroup.procs")).toList();
    }

    private void tryCreate(Path dir) {
        try {
            Files.createDirectories(dir);
            groups.add(dir);
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot create cgroup {}: {}", dir, e.getMessage());
        }
    }

    /** @return limits that could not be applied */
    List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** @return the memory limit in MiB */
    int memoryMb() {
        return memoryMb;
    }

    /** @return memory in use by the group in MiB, or -1 when unknown */
    long memoryUsedMb() {
        if (!cgroups.has("memory")) {
            return -1;
        }
        String file = cgroups.version() == Cgroups.Version.V2 ? "memory.current" : "memory.usage_in_bytes";
        try {
            return Long.parseLong(Files.readString(group("memory").resolve(file)).trim()) / MIB;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Says whether the kernel killed a process of the instance for its memory limit, from the
     * group's own count of such kills ({@code oom_kill} in {@code memory.events} on v2, in
     * {@code memory.oom_control} on v1). Kernels before 4.13 have no count on v1: there a SIGKILL
     * while the group had hit its limit counts.
     *
     * @param exitCode how the instance ended
     * @return the cause, as "killed: it used its memory limit of 256 MiB", or empty
     */
    Optional<String> exitCause(int exitCode) {
        if (!cgroups.has("memory")) {
            return Optional.empty();
        }
        Path group = group("memory");
        boolean killed;
        if (cgroups.version() == Cgroups.Version.V2) {
            killed = counter(group.resolve("memory.events"), "oom_kill") > 0
                    || counter(group.resolve("memory.events"), "oom_group_kill") > 0;
        } else {
            long kills = counter(group.resolve("memory.oom_control"), "oom_kill");
            killed = kills > 0 || (kills < 0 && exitCode == 137
                    && (number(group.resolve("memory.failcnt")) > 0 || number(group.resolve("memory.memsw.failcnt")) > 0));
        }
        return killed ? Optional.of("killed: it used its memory limit of " + memoryMb + " MiB") : Optional.empty();
    }

    /** @return the value of a {@code key value} line, or -1 when the file or the line is missing */
    private static long counter(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2 && parts[0].equals(key)) {
                    return Long.parseLong(parts[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot read {}: {}", file, e.getMessage());
        }
        return -1;
    }

    private static long number(Path file) {
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** @return the ids of the processes in the instance's group now */
    List<Long> processes() {
        Set<Long> pids = new LinkedHashSet<>();
        for (Path group : groups) {
            for (String word : Cgroups.words(group.resolve("cgroup.procs"))) {
                try {
                    pids.add(Long.parseLong(word));
                } catch (NumberFormatException e) {
                    LOG.debug("odd line in {}: {}", group, word);
                }
            }
        }
        return List.copyOf(pids);
    }

    /**
     * Kills every process left in the group: on v2 with {@code cgroup.kill}, elsewhere by killing
     * what the group lists until it lists nothing (a fork bomb at its pids limit forks only into the
     * slots that kills free, so this converges).
     *
     * @param deadline how long to keep at it
     * @return whether the group is empty
     */
    boolean killAll(Duration deadline) {
        long until = System.nanoTime() + deadline.toNanos();
        for (Path group : groups) {
            Path kill = group.resolve("cgroup.kill");
            if (cgroups.version() == Cgroups.Version.V2 && Files.exists(kill)) {
                try {
                    Files.writeString(kill, "1", StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    LOG.debug("cannot write {}: {}", kill, e.getMessage());
                }
            }
        }
        while (true) {
            List<Long> left = processes();
            if (left.isEmpty()) {
                return true;
            }
            if (System.nanoTime() > until) {
                LOG.warn("instance {}: {} process(es) still in its cgroup after {} s of killing", instanceId, left.size(),
                        deadline.toSeconds());
                return false;
            }
            for (long pid : left) {
                if (pid != ProcessHandle.current().pid()) {
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            pause(20);
        }
    }

    /** Removes the groups; they must be empty (the instance has ended). */
    void remove() {
        for (Path dir : groups) {
            // The group stays busy for a moment while the last processes of the sandbox are reaped.
            for (int attempt = 1; ; attempt++) {
                try {
                    Files.deleteIfExists(dir);
                    break;
                } catch (IOException e) {
                    if (attempt == 50) {
                        LOG.warn("cannot remove cgroup {}: {}", dir, e.getMessage());
                        break;
                    }
                    if (!pause(100)) {
                        return;
                    }
                }
            }
        }
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
