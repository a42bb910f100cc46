package dev.plinth.agent.runtime.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The cgroup hierarchy the agent limits instances with, found once at start: cgroup v2 (one unified
 * tree, {@code cgroup.controllers} at its root, as nearly every current distribution mounts it) or
 * cgroup v1 (a folder per controller). Every instance gets a group under the agent's parent group
 * {@code plinth}: {@code <root>/plinth/<instance>} on v2, {@code <root>/<controller>/plinth/<instance>} on v1.
 *
 * <p>On v2 a group can hand controllers to its children only while it holds no processes itself (the
 * no-internal-processes rule), so {@code plinth} never holds any: the agent stays where it is and
 * only instances join, each into its own leaf.</p>
 */
final class Cgroups {

    /** The controllers instances are limited with. */
    static final List<String> CONTROLLERS = List.of("memory", "cpu", "pids");
    /** The agent's parent group. */
    static final String PARENT = "plinth";

    /** Which hierarchy is mounted at the root. */
    enum Version { V1, V2, NONE }

    private final Path root;
    private final Version version;
    private final Set<String> controllers;
    private final List<String> problems;

    private Cgroups(Path root, Version version, Set<String> controllers, List<String> problems) {
        this.root = root;
        this.version = version;
        this.controllers = Set.copyOf(controllers);
        this.problems = List.copyOf(problems);
    }

    /**
     * Looks at what is mounted at the root and prepares the parent group {@code plinth} with every
     * controller of {@link #CONTROLLERS} the host offers.
     *
     * @param root where cgroups are mounted, {@code /sys/fs/cgroup} on Linux
     * @return the hierarchy, with the problems that keep instances from being limited
     */
    static Cgroups detect(Path root) {
        if (Files.isRegularFile(root.resolve("cgroup.controllers"))) {
            return detectV2(root);
        }
        boolean anyV1 = CONTROLLERS.stream().anyMatch(c -> Files.isDirectory(root.resolve(c)));
        if (anyV1) {
            return detectV1(root);
        }
        return new Cgroups(root, Version.NONE, Set.of(), List.of("no cgroup hierarchy is mounted at " + root
                + ": mount cgroup v2 there (mount -t cgroup2 none " + root + ") or the v1 memory, cpu and pids"
                + " controllers below it, or point plinth.agent.process.cgroup-root at where they are"));
    }

    private static Cgroups detectV2(Path root) {
        Set<String> offered = new LinkedHashSet<>(words(root.resolve("cgroup.controllers")));
        List<String> usable = CONTROLLERS.stream().filter(offered::contains).toList();
        List<String> problems = new ArrayList<>();
        List<String> missing = CONTROLLERS.stream().filter(c -> !offered.contains(c)).toList();
        if (!missing.isEmpty()) {
            problems.add("cgroup v2 at " + root + " offers no " + String.join(", ", missing) + " controller"
                    + (missing.size() > 1 ? "s" : "") + " (its cgroup.controllers lists: "
                    + (offered.isEmpty() ? "none" : String.join(" ", offered)) + "): free them from cgroup v1"
                    + " (boot with systemd.unified_cgroup_hierarchy=1, or cgroup_no_v1=" + String.join(",", missing)
                    + "), or in a container give the agent a cgroup namespace with them delegated");
        }
        Path parent = root.resolve(PARENT);
        try {
            enable(root, usable);
            Files.createDirectories(parent);
            if (!words(parent.resolve("cgroup.procs")).isEmpty()) {
                // The no-internal-processes rule: a group that holds processes cannot give its children controllers.
                throw new IOException("it holds processes of its own (" + String.join(" ", words(parent.resolve("cgroup.procs")))
                        + "); move them out, since instances' groups need a parent without processes");
            }
            enable(parent, usable);
        } catch (IOException | RuntimeException e) {
            problems.add("cannot prepare the cgroup v2 group " + parent + ": " + e.getMessage()
                    + ": run the agent as root, with the cgroup tree writable (in a container: its own cgroup"
                    + " namespace with the controllers delegated)");
            return new Cgroups(root, Version.V2, Set.of(), problems);
        }
        return new Cgroups(root, Version.V2, new LinkedHashSet<>(usable), problems);
    }

    /** Enables the controllers for a group's children, leaving those already enabled alone. */
    private static void enable(Path group, List<String> wanted) throws IOException {
        Path control = group.resolve("cgroup.subtree_control");
        Set<String> enabled = new LinkedHashSet<>(words(control));
        List<String> add = wanted.stream().filter(c -> !enabled.contains(c)).map(c -> "+" + c).toList();
        if (!add.isEmpty()) {
            Files.writeString(control, String.join(" ", add), StandardCharsets.US_ASCII);
        }
    }

    private static Cgroups detectV1(Path root) {
        List<String> problems = new ArrayList<>();
        Set<String> usable = new LinkedHashSet<>();
        for (String controller : CONTROLLERS) {
            Path mount = root.resolve(controller);
            if (!Files.isDirectory(mount)) {
                problems.add("no cgroup v1 " + controller + " controller at " + mount + ": mount it (mount -t cgroup -o "
                        + controller + " cgroup " + mount + ")");
                continue;
            }
            try {
                Files.createDirectories(mount.resolve(PARENT));
                usable.add(controller);
            } catch (IOException | RuntimeException e) {
                problems.add("cannot create the cgroup " + mount.resolve(PARENT) + " (" + e.getMessage()
                        + "): run the agent as root");
            }
        }
        return new Cgroups(root, Version.V1, usable, problems);
    }

    /**
     * Removes instance groups an earlier agent left behind when it died without cleaning up: empty
     * ones older than {@code minAge}, so that a group another agent on this host is just setting up
     * (several local nodes share the parent) is never taken from under it.
     *
     * @return how many were removed
     */
    int removeLeftovers(Duration minAge) {
        List<Path> parents = version == Version.V1
                ? CONTROLLERS.stream().map(c -> root.resolve(c).resolve(PARENT)).toList()
                : version == Version.V2 ? List.of(root.resolve(PARENT)) : List.of();
        Instant cutoff = Instant.now().minus(minAge);
        int removed = 0;
        for (Path parent : parents) {
            try (Stream<Path> groups = Files.list(parent)) {
                for (Path group : groups.filter(Files::isDirectory).toList()) {
                    try {
                        if (words(group.resolve("cgroup.procs")).isEmpty()
                                && Files.getLastModifiedTime(group).toInstant().isBefore(cutoff)) {
                            Files.delete(group);
                            removed++;
                        }
                    } catch (IOException | RuntimeException e) {
                        // Busy, or gone meanwhile: not a leftover to take.
                    }
                }
            } catch (IOException | RuntimeException e) {
                // No parent group (yet): nothing left behind.
            }
        }
        return removed;
    }

    /** @return the words of a small file, none when it does not exist */
    static List<String> words(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
        } catch (IOException e) {
            return List.of();
        }
    }

    Path root() {
        return root;
    }

    Version version() {
        return version;
    }

    /** @return whether instances' groups can use the controller */
    boolean has(String controller) {
        return controllers.contains(controller);
    }

    /** @return why instances cannot be limited in memory, cpu and processes here, each with its fix; empty when they can */
    List<String> problems() {
        return problems;
    }
}
