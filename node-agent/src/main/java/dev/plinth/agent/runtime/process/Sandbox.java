package dev.plinth.agent.runtime.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Wraps an instance's command in bubblewrap: it sees the host's {@code /usr} and the JDK read-only,
 * its own directory read-write at {@code /app}, a private {@code /tmp}, its own user, process, IPC and
 * host-name namespaces (and its own network namespace when it has one), and it runs as an
 * unprivileged user with no capabilities that cannot make further user namespaces.
 *
 * <p>Every launcher runs with a fixed, minimal environment. The app's variables reach only the app:
 * bubblewrap reads its options, {@code --clearenv} and one {@code --setenv} per variable, NUL-separated
 * from its standard input ({@code --args 0}), so they never appear on a command line in the host's
 * {@code /proc}. When the agent is root the launch is: {@code nsenter --net} (into the instance's
 * namespace), {@code unshare --mount} with the instance's directory bound at {@link #MOUNT_POINT} in
 * that private mount namespace (so the unprivileged bubblewrap can reach it whatever the modes of
 * its parent directories), {@code setpriv} to the unprivileged uid, then {@code bwrap}, which makes
 * the sandbox as that user.</p>
 */
final class Sandbox {

    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
    static final String APP_DIR = "/app";
    /** Where the instance's directory is bound in its private mount namespace, for bubblewrap to pick up. */
    static final Path MOUNT_POINT = Path.of("/run/plinth/app");
    /** The only variable launchers see. */
    static final Map<String, String> LAUNCHER_ENVIRONMENT = Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");

    /**
     * A launch: the command line (nothing secret on it) and bubblewrap's options for its standard input.
     *
     * @param command   the command words, as the host's {@code /proc/PID/cmdline} shows them
     * @param arguments bubblewrap's options, NUL-separated, to write to its standard input and close
     */
    record Launch(List<String> command, byte[] arguments) {

        /** Writes the options to the launched process and closes its standard input. */
        void feed(Process process) throws IOException {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(arguments);
            }
        }
    }

    private final boolean usable;
    private final List<String> problems;
    private final ProcessRuntimeSettings settings;
    private final boolean root;

    private Sandbox(boolean usable, List<String> problems, ProcessRuntimeSettings settings, boolean root) {
        this.usable = usable;
        this.problems = List.copyOf(problems);
        this.settings = settings;
        this.root = root;
    }

    /** No sandbox: the node runs instances unconfined ({@code isolation: none}), so nothing is checked. */
    static Sandbox unconfined(ProcessRuntimeSettings settings) {
        return new Sandbox(false, List.of(), settings, isRoot());
    }

    /**
     * Checks once whether bubblewrap works on this host, as the agent's user, by running a sandbox
     * exactly as instances get it.
     *
     * @return the sandbox; when it cannot be used, {@link #problems()} says why and how to fix it
     */
    static Sandbox detect(ProcessRuntimeSettings settings) {
        boolean root = isRoot();
        List<String> problems = new ArrayList<>();
        if (!root) {
            problems.add("the agent runs as " + System.getProperty("user.name") + ", not root: run it as root, so it can"
                    + " run each instance as an unprivileged user (uid " + settings.runAsUid() + ") and give it cgroup limits");
            return new Sandbox(false, problems, settings, root);
        }
        Path bwrap = settings.bwrapPath();
        if (!Files.isExecutable(bwrap)) {
            problems.add("bubblewrap is not installed at " + bwrap + ": install it (Debian and Ubuntu: apt-get install"
                    + " bubblewrap; Fedora: dnf install bubblewrap) or point plinth.agent.process.bwrap-path at it");
            return new Sandbox(false, problems, settings, root);
        }
        for (String tool : List.of("/usr/bin/setpriv", "/usr/bin/unshare", "/usr/bin/nsenter", "/usr/bin/mount")) {
            if (!Files.isExecutable(Path.of(tool))) {
                problems.add(tool + " is not installed: install util-linux and mount (Debian and Ubuntu: apt-get install"
                        + " util-linux mount)");
            }
        }
        if (!problems.isEmpty()) {
            return new Sandbox(false, problems, settings, root);
        }
        Sandbox candidate = new Sandbox(true, List.of(), settings, root);
        try {
            prepareMountPoint();
            Path probeDir = Path.of(System.getProperty("java.io.tmpdir"));
            Launch probe = candidate.launch(probeDir, LAUNCHER_ENVIRONMENT, null, List.of("/usr/bin/true"));
            ProcessBuilder builder = new ProcessBuilder(probe.command()).redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(LAUNCHER_ENVIRONMENT);
            Process p = builder.start();
            probe.feed(p);
            String output = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                problems.add("bubblewrap at " + bwrap + " cannot make a sandbox here (" + (output.isEmpty() ? "exit code "
                        + p.exitValue() : output) + "): it needs user, PID, IPC, UTS and mount namespaces;"
                        + " run the agent as root on a kernel with namespaces enabled (in a container: one allowed to"
                        + " create namespaces)");
            }
        } catch (IOException e) {
            problems.add("bubblewrap at " + bwrap + " does not start (" + e.getMessage() + "): reinstall it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add("interrupted while checking bubblewrap: restart the agent");
        }
        if (!problems.isEmpty()) {
            return new Sandbox(false, problems, settings, root);
        }
        LOG.info("instances run sandboxed with bubblewrap as uid {}", settings.runAsUid());
        return candidate;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The mount point and its parent must be reachable by the unprivileged user bubblewrap runs as. */
    private static void prepareMountPoint() throws IOException {
        Files.createDirectories(MOUNT_POINT);
        Files.setPosixFilePermissions(MOUNT_POINT.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(MOUNT_POINT, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    boolean usable() {
        return usable;
    }

    /** @return why instances cannot be sandboxed here, each with its fix; empty when they can, or when not checked */
    List<String> problems() {
        return problems;
    }

    /** @return the unprivileged uid instances run as, or -1 when they keep the agent's */
    int uid() {
        return usable && root ? settings.runAsUid() : -1;
    }

    /**
     * @param workDir   the instance's directory, shown as {@code /app}
     * @param env       the app's complete environment, applied only inside the sandbox
     * @param namespace the network namespace to run in ({@code /run/netns/NAME}), or null for the agent's
     * @param command   the app's command
     * @return the launch
     * @throws IllegalArgumentException when a variable or path holds a NUL character (it would split
     *                                  into several options)
     */
    Launch launch(Path workDir, Map<String, String> env, String namespace, List<String> command) {
        List<String> line = new ArrayList<>();
        String source = workDir.toAbsolutePath().toString();
        if (root) {
            if (namespace != null) {
                line.addAll(List.of("/usr/bin/nsenter", "--net=" + namespace, "--"));
            }
            line.addAll(List.of("/usr/bin/unshare", "--mount", "--propagation", "private", "--",
                    "/bin/sh", "-c", "/usr/bin/mount --bind -- \"$1\" \"$2\" && shift 2 && exec \"$@\"", "plinth-mount",
                    source, MOUNT_POINT.toString(),
                    "/usr/bin/setpriv", "--reuid=" + settings.runAsUid(), "--regid=" + settings.runAsUid(), "--clear-groups",
                    "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"));
            source = MOUNT_POINT.toString();
        } else if (namespace != null) {
            throw new IllegalStateException("only an agent running as root can run an instance in a network namespace");
        }
        line.addAll(List.of(settings.bwrapPath().toString(), "--args", "0", "--"));
        line.addAll(command);
        return new Launch(line, arguments(options(source, env)));
    }

    private List<String> options(String source, Map<String, String> env) {
        List<String> cmd = new ArrayList<>(List.of(
                "--unshare-user", "--disable-userns",
                "--unshare-ipc", "--unshare-pid", "--unshare-uts", "--unshare-cgroup-try",
                "--die-with-parent", "--new-session",
                "--hostname", "plinth-instance",
                "--ro-bind", "/usr", "/usr",
                "--symlink", "usr/bin", "/bin",
                "--symlink", "usr/sbin", "/sbin",
                "--symlink", "usr/lib", "/lib",
                "--proc", "/proc",
                "--dev", "/dev",
                "--tmpfs", "/tmp"));
        if (Files.exists(Path.of("/usr/lib64"))) {
            cmd.addAll(List.of("--symlink", "usr/lib64", "/lib64"));
        }
        Set<String> readOnly = new LinkedHashSet<>(List.of(
                "/etc/alternatives", "/etc/ssl", "/etc/ca-certificates", "/etc/java-17-openjdk", "/etc/java-21-openjdk",
                "/etc/resolv.conf", "/etc/hosts", "/etc/nsswitch.conf", "/etc/localtime", "/etc/mime.types"));
        String javaHome = System.getProperty("java.home");
        if (javaHome != null && !javaHome.startsWith("/usr/")) {
            readOnly.add(javaHome);
        }
        readOnly.addAll(settings.readOnlyPaths().stream().filter(s -> !s.isBlank()).toList());
        // bwrap makes missing parents of a mount point mode 0700, owned by root: the unprivileged
        // instance could then not reach /etc/java-17-openjdk (and a JVM cannot read its security
        // settings). Make each parent first, with the usual 0755; parents sort before children.
        Set<String> parents = new java.util.TreeSet<>();
        for (String path : readOnly) {
            if (Files.exists(Path.of(path))) {
                for (Path parent = Path.of(path).getParent(); parent != null && parent.getParent() != null;
                     parent = parent.getParent()) {
                    if (!parent.startsWith("/usr")) {
                        parents.add(parent.toString());
                    }
                }
            }
        }
        for (String dir : parents) {
            cmd.addAll(List.of("--dir", dir));
        }
        for (String path : readOnly) {
            if (Files.exists(Path.of(path))) {
                cmd.addAll(List.of("--ro-bind", path, path));
            }
        }
        cmd.addAll(List.of("--bind", source, APP_DIR, "--chdir", APP_DIR, "--clearenv"));
        new TreeMap<>(env).forEach((name, value) -> cmd.addAll(List.of("--setenv", name, value)));
        return cmd;
    }

    private static byte[] arguments(List<String> options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String option : options) {
            if (option.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("a sandbox option holds a NUL character: " + option.replace("\0", "\\0"));
            }
            out.writeBytes(option.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }
}
