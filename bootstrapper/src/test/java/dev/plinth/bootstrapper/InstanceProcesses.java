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

    /**
     * @return the instance's own process (the app, not the sandbox around it), if running: the java
     *         process whose environment names the instance (only the app has its environment; the
     *         launchers around it see PATH alone)
     */
    static Optional<ProcessHandle> app(String instanceId) {
        byte[] marker = ("PLINTH_INSTANCE_ID=" + instanceId + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(p -> p.info().command().orElse("").endsWith("java"))
                    .filter(p -> environ(p).map(env -> indexOf(env, marker) >= 0).orElse(false))
                    .findFirst();
        }
    }

    private static Optional<byte[]> environ(ProcessHandle p) {
        try {
            return Optional.of(Files.readAllBytes(Path.of("/proc", String.valueOf(p.pid()), "environ")));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (i > 0 && haystack[i - 1] != 0) {
                continue;
            }
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
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
