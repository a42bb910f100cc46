package dev.plinth.nodemanager.runtime.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Wraps an instance's command in bubblewrap: it sees the host's {@code /usr} and the JDK read-only,
 * its own directory read-write at {@code /app}, a private {@code /tmp}, its own process, IPC and
 * host-name namespaces, and it runs as an unprivileged user with no capabilities. The network is
 * shared so the gateway can reach its port on the node's address.
 */
final class Sandbox {

    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
    static final String APP_DIR = "/app";

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
        }
        Path bwrap = settings.bwrapPath();
        if (!Files.isExecutable(bwrap)) {
            problems.add("bubblewrap is not installed at " + bwrap + ": install it (Debian and Ubuntu: apt-get install"
                    + " bubblewrap; Fedora: dnf install bubblewrap) or point plinth.agent.process.bwrap-path at it");
            return new Sandbox(false, problems, settings, root);
        }
        Sandbox candidate = new Sandbox(true, List.of(), settings, root);
        try {
            List<String> probe = new ArrayList<>(candidate.prefix(Path.of(System.getProperty("java.io.tmpdir"))));
            probe.add("/usr/bin/true");
            Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                problems.add("bubblewrap at " + bwrap + " cannot make a sandbox here (" + (output.isEmpty() ? "exit code "
                        + p.exitValue() : output) + "): it needs PID, IPC and UTS namespaces and /usr/bin/setpriv;"
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
     * @param workDir the instance's directory, shown as {@code /app}
     * @return the command words that run what follows them inside the sandbox
     */
    List<String> prefix(Path workDir) {
        List<String> cmd = new ArrayList<>(List.of(settings.bwrapPath().toString(),
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
        parents.forEach(dir -> cmd.addAll(List.of("--dir", dir)));
        for (String path : readOnly) {
            if (Files.exists(Path.of(path))) {
                cmd.addAll(List.of("--ro-bind", path, path));
            }
        }
        cmd.addAll(List.of("--bind", workDir.toAbsolutePath().toString(), APP_DIR, "--chdir", APP_DIR, "--setenv", "HOME", APP_DIR, "--"));
        if (root) {
            cmd.addAll(List.of("/usr/bin/setpriv",
                    "--reuid=" + settings.runAsUid(), "--regid=" + settings.runAsUid(), "--clear-groups",
                    "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs"));
        }
        return cmd;
    }
}
