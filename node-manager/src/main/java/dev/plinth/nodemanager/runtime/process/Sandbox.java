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
    private final String reason;
    private final ProcessRuntimeSettings settings;
    private final boolean root;

    private Sandbox(boolean usable, String reason, ProcessRuntimeSettings settings, boolean root) {
        this.usable = usable;
        this.reason = reason;
        this.settings = settings;
        this.root = root;
    }

    /** Checks once whether bubblewrap works on this host. */
    static Sandbox detect(ProcessRuntimeSettings settings) {
        boolean root = "root".equals(System.getProperty("user.name"));
        if ("off".equalsIgnoreCase(settings.sandbox())) {
            return new Sandbox(false, "the sandbox is switched off (plinth.agent.process.sandbox=off)", settings, root);
        }
        Path bwrap = Path.of("/usr/bin/bwrap");
        if (!Files.isExecutable(bwrap)) {
            return new Sandbox(false, "bubblewrap (/usr/bin/bwrap) is not installed", settings, root);
        }
        Sandbox candidate = new Sandbox(true, null, settings, root);
        try {
            List<String> probe = new ArrayList<>(candidate.prefix(Path.of(System.getProperty("java.io.tmpdir"))));
            probe.add("/usr/bin/true");
            Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return new Sandbox(false, "bubblewrap does not work here: " + output.trim(), settings, root);
            }
        } catch (IOException e) {
            return new Sandbox(false, "bubblewrap does not start: " + e.getMessage(), settings, root);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Sandbox(false, "interrupted while checking bubblewrap", settings, root);
        }
        LOG.info("instances run sandboxed with bubblewrap{}", root ? " as uid " + settings.runAsUid() : "");
        return candidate;
    }

    boolean usable() {
        return usable;
    }

    /** @return why the sandbox is not used, or null */
    String reason() {
        return reason;
    }

    /** @return whether instances must not start without it */
    boolean required() {
        return "required".equalsIgnoreCase(settings.sandbox());
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
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/bwrap",
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
