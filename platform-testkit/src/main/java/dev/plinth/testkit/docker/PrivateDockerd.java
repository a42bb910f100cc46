package dev.plinth.testkit.docker;

import dev.plinth.testkit.wait.Waits;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Docker engine of a test's own (needs root): {@code dockerd} with no bridge, no iptables, no
 * forwarding or masquerading, its own data root, exec root, pid file and Unix socket in a temporary
 * directory, as STACK.md says it must run here. It holds one image, {@link #BUSYBOX}, imported from
 * Debian's static busybox ({@code /bin/sh} and {@code /bin/busybox}); its command serves {@code /www}
 * on {@code $PORT} with busybox's httpd: {@code /health} answers "ok" and {@code /cgi-bin/env} shows
 * the container's environment and user. Nothing is pulled. {@link #close()} stops the engine and deletes
 * everything it made.
 */
public final class PrivateDockerd implements AutoCloseable {

    /** The image every test builds on or runs. */
    public static final String BUSYBOX = "plinth-test/busybox:1";

    private static final Path BUSYBOX_BINARY = Path.of("/bin/busybox");
    private static final Duration START = Duration.ofSeconds(60);

    private final Path dir;
    private final Path socket;
    private final Process dockerd;

    private PrivateDockerd(Path dir, Process dockerd) {
        this.dir = dir;
        this.socket = dir.resolve("docker.sock");
        this.dockerd = dockerd;
    }

    /**
     * Starts an engine and imports {@link #BUSYBOX}.
     *
     * @return the running engine
     * @throws IOException when dockerd, the docker client or busybox is missing, or the engine does not come up
     */
    public static PrivateDockerd start() throws IOException {
        String dockerdBinary = find("dockerd");
        find("docker");
        if (!Files.isExecutable(BUSYBOX_BINARY)) {
            throw new IOException(BUSYBOX_BINARY + " is missing: apt-get install busybox-static");
        }
        // A short path: a Unix socket's path is limited to 107 bytes.
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "plinth-dockerd-");
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("exec"));
        List<String> command = List.of(dockerdBinary,
                "--bridge=none", "--iptables=false", "--ip6tables=false", "--ip-forward=false", "--ip-masq=false",
                "--data-root", dir.resolve("data").toString(),
                "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("dockerd.pid").toString(),
                "--host", "unix://" + dir.resolve("docker.sock"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("dockerd.log").toFile()).start();
        PrivateDockerd engine = new PrivateDockerd(dir, process);
        try {
            Waits.untilTrue("the private dockerd to answer", START, () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("dockerd ended: " + engine.log());
                }
                return engine.answers();
            }, engine::log);
            engine.importBusybox();
            return engine;
        } catch (IOException | RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    private static String find(String tool) throws IOException {
        for (String d : List.of("/usr/local/bin", "/usr/bin", "/usr/sbin", "/bin", "/sbin")) {
            Path candidate = Path.of(d, tool);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IOException(tool + " is not installed: apt-get install docker.io");
    }

    private boolean answers() {
        try {
            docker("version", "--format", "{{.Server.APIVersion}}");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void importBusybox() throws IOException {
        Path root = Files.createDirectories(dir.resolve("busybox-root"));
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("www"));
        Files.copy(BUSYBOX_BINARY, root.resolve("bin/busybox"));
        Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("busybox"));
        Files.writeString(root.resolve("www/health"), "ok\n");
        // A CGI script shows the container's environment from inside.
        Files.createDirectories(root.resolve("www/cgi-bin"));
        Path env = root.resolve("www/cgi-bin/env");
        Files.writeString(env, "#!/bin/sh\necho 'Content-Type: text/plain'\necho\nenv\nid\n");
        Files.setPosixFilePermissions(env, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path tar = dir.resolve("busybox.tar");
        run(List.of("tar", "-C", root.toString(), "-cf", tar.toString(), "."));
        // Its command serves /www on $PORT, as an image package must.
        docker("import", "--change", "CMD [\"/bin/sh\", \"-c\", \"exec /bin/busybox httpd -f -p $PORT -h /www\"]",
                tar.toString(), BUSYBOX);
    }

    /** @return the engine's address, for a docker client: {@code unix:///…/docker.sock} */
    public String host() {
        return "unix://" + socket;
    }

    /**
     * Runs the docker client against this engine.
     *
     * @param args its arguments
     * @return what it printed
     * @throws IOException when it fails; the message holds its output
     */
    public String docker(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(find("docker"), "-H", host()));
        command.addAll(List.of(args));
        return run(command);
    }

    private static String run(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DOCKER_BUILDKIT", "0");
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("'" + String.join(" ", command) + "' failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out;
    }

    /** @return the end of dockerd's log, for failure messages */
    public String log() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("dockerd.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Removes every container, stops the engine and deletes its directory. */
    @Override
    public void close() {
        if (dockerd.isAlive()) {
            try {
                String ids = docker("ps", "-aq");
                if (!ids.isBlank()) {
                    List<String> rm = new ArrayList<>(List.of("rm", "-f"));
                    rm.addAll(ids.lines().toList());
                    docker(rm.toArray(String[]::new));
                }
            } catch (IOException e) {
                // The engine is going anyway.
            }
            dockerd.destroy();
            try {
                if (!dockerd.waitFor(30, TimeUnit.SECONDS)) {
                    dockerd.destroyForcibly();
                    dockerd.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                dockerd.destroyForcibly();
            }
        }
        // The engine's overlay mounts and its containerd's state go with it; unmount what is left first.
        try {
            run(List.of("/bin/sh", "-c", "grep -o ' " + dir + "[^ ]*' /proc/mounts | sort -r | xargs -r -n1 umount -l"));
        } catch (IOException e) {
            // Nothing mounted.
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // Left for the system's temporary directory cleaning.
                }
            });
        } catch (IOException e) {
            // Gone already.
        }
    }
}
