package dev.plinth.nodemanager.runtime.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * cpu, memory and pids limits for one instance through cgroup v1 controllers
 * ({@code <root>/<controller>/plinth/<instance>}). What cannot be applied on this host is
 * reported, never silently skipped.
 */
final class CgroupLimits {

    private static final Logger LOG = LoggerFactory.getLogger(CgroupLimits.class);
    private static final long CPU_PERIOD_US = 100_000;
    /** Enough for a JVM's threads, few enough to stop a fork bomb. */
    static final int PIDS_MAX = 512;

    private final Path root;
    private final String group;
    private final List<Path> created = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private CgroupLimits(Path root, String instanceId) {
        this.root = root;
        this.group = "plinth/" + instanceId;
    }

    /**
     * Creates the instance's cgroups and writes its limits.
     *
     * @return the groups made; {@link #warnings()} says what could not be applied
     */
    static CgroupLimits create(Path root, String instanceId, double cpu, int memoryMb) {
        CgroupLimits limits = new CgroupLimits(root, instanceId);
        limits.apply("memory", "memory.limit_in_bytes", String.valueOf((long) memoryMb * 1024 * 1024), "memory limit of " + memoryMb + " MiB");
        limits.apply("memory", "memory.memsw.limit_in_bytes", String.valueOf((long) memoryMb * 1024 * 1024), null);
        limits.apply("cpu", "cpu.cfs_period_us", String.valueOf(CPU_PERIOD_US), null);
        limits.apply("cpu", "cpu.cfs_quota_us", String.valueOf(Math.max(1000, (long) (cpu * CPU_PERIOD_US))), "cpu limit of " + cpu + " cores");
        limits.apply("pids", "pids.max", String.valueOf(PIDS_MAX), "process limit of " + PIDS_MAX);
        return limits;
    }

    private void apply(String controller, String file, String value, String description) {
        Path dir = root.resolve(controller).resolve(group);
        try {
            if (!Files.isDirectory(root.resolve(controller))) {
                throw new IOException("no " + controller + " controller at " + root.resolve(controller));
            }
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                created.add(dir);
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
        return created.stream().map(d -> d.resolve("cgroup.procs")).filter(Files::exists).distinct().toList();
    }

    /** @return limits that could not be applied */
    List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** @return memory in use by the group in MiB, or -1 when unknown */
    long memoryUsedMb() {
        try {
            Path usage = root.resolve("memory").resolve(group).resolve("memory.usage_in_bytes");
            return Long.parseLong(Files.readString(usage).trim()) / (1024 * 1024);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Removes the groups; they must be empty (the instance has ended). */
    void remove() {
        for (Path dir : created) {
            // The group stays busy for a moment while the last processes of the sandbox are reaped.
            for (int attempt = 1; ; attempt++) {
                try {
                    Files.deleteIfExists(dir);
                    break;
                } catch (IOException e) {
                    if (attempt == 20) {
                        LOG.warn("cannot remove cgroup {}: {}", dir, e.getMessage());
                        break;
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }
}
