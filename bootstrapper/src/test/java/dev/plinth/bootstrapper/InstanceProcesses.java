package dev.plinth.bootstrapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the OS processes of an app instance, sandboxed or not, so a test can kill them as a crash
 * or a dying machine would.
 */
final class InstanceProcesses {

    private InstanceProcesses() {
    }

    /** @return the instance's own process (the app, not the sandbox around it), if running */
    static Optional<ProcessHandle> app(String instanceId) {
        String marker = "/instances/" + instanceId;
        List<ProcessHandle> found = new ArrayList<>();
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            all.forEach(p -> {
                String args = String.join(" ", p.info().arguments().orElse(new String[0]));
                String command = p.info().command().orElse("");
                if (args.contains(marker) && command.endsWith("bwrap")) {
                    // Sandboxed: the app is the sandbox's java descendant.
                    p.descendants().filter(d -> d.info().command().orElse("").endsWith("java")).findFirst().ifPresent(found::add);
                } else if (command.endsWith("java") && cwd(p).map(c -> c.endsWith(marker)).orElse(false)) {
                    found.add(p);
                }
            });
        }
        return found.stream().findFirst();
    }

    /** @return every process running from a directory under {@code dir} (unsandboxed instances of a node) */
    static List<ProcessHandle> under(Path dir) {
        String prefix = dir.toAbsolutePath().normalize().toString();
        List<ProcessHandle> found = new ArrayList<>();
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            all.forEach(p -> {
                String args = String.join(" ", p.info().arguments().orElse(new String[0]));
                if (args.contains(prefix) || cwd(p).map(c -> c.startsWith(prefix)).orElse(false)) {
                    found.add(p);
                }
            });
        }
        return found;
    }

    private static Optional<String> cwd(ProcessHandle p) {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc", String.valueOf(p.pid()), "cwd")).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }
}
