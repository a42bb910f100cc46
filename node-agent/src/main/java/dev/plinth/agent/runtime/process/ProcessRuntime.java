package dev.plinth.agent.runtime.process;

import dev.plinth.contracts.inventory.Isolation;
import dev.plinth.contracts.runtime.InstanceListener;
import dev.plinth.contracts.runtime.Inspection;
import dev.plinth.contracts.runtime.LaunchSpec;
import dev.plinth.contracts.runtime.Runtime;
import dev.plinth.contracts.runtime.RuntimeStartException;
import dev.plinth.contracts.runtime.StartedInstance;
import dev.plinth.contracts.runtime.StopResult;
import dev.plinth.agent.AgentNode;
import dev.plinth.agent.runtime.network.NetworkIsolation;
import dev.plinth.agent.runtime.network.NetworkSettings;
import io.micronaut.context.BeanProvider;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Runs each instance as an OS process in its own directory, sandboxed with bubblewrap, limited with
 * cgroups (v2 or v1) and in a network namespace of its own ({@link NetworkIsolation}). Isolation is
 * required unless the node's inventory entry says {@code isolation: none}: a node that cannot isolate
 * reports why ({@link #isolationProblems()}) and starts nothing. Stops with SIGTERM, then SIGKILL
 * after the grace period; whatever is left in the instance's cgroup is killed with it.
 */
@Singleton
public class ProcessRuntime implements Runtime {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessRuntime.class);
    private static final Duration KEEP_EXITED = Duration.ofMinutes(10);
    private static final long PAGE_SIZE = 4096;

    private static final Duration KILL_LEFTOVERS = Duration.ofSeconds(10);

    private final ProcessRuntimeSettings settings;
    private final String node;
    private final Isolation isolation;
    private final Sandbox sandbox;
    private final Cgroups cgroups;
    /** The network namespaces instances get; null on a node with {@code isolation: none}. */
    private final NetworkIsolation network;
    private final Map<String, Running> instances = new ConcurrentHashMap<>();
    /**
     * Every instance is started from this one thread, which lives as long as the runtime. The
     * sandbox dies with the thread that started it (bubblewrap's --die-with-parent follows the
     * starting thread, not the process), so a pool thread that retires after a minute idle would
     * take its instances with it.
     */
    private final java.util.concurrent.ExecutorService launcher = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "process-launcher");
        t.setDaemon(true);
        return t;
    });

    @Inject
    public ProcessRuntime(ProcessRuntimeSettings settings, AgentNode node, BeanProvider<NetworkIsolation> network) {
        this(settings, node.spec().name(), node.spec().isolation(), network::get);
    }

    /** With network namespaces for a gateway on this host's loopback, as {@code plinth up} runs it. */
    ProcessRuntime(ProcessRuntimeSettings settings, String node, Isolation isolation) {
        this(settings, node, isolation, () -> new NetworkIsolation(NetworkSettings.defaults()));
    }

    /**
     * @param settings  how to sandbox and limit
     * @param node      the node's name, for messages
     * @param isolation whether the node's instances must run isolated
     * @param network   the network namespaces, asked for only when isolation is required
     */
    public ProcessRuntime(ProcessRuntimeSettings settings, String node, Isolation isolation, Supplier<NetworkIsolation> network) {
        this.settings = settings;
        this.node = node;
        this.isolation = isolation;
        this.sandbox = isolation == Isolation.NONE ? Sandbox.unconfined(settings) : Sandbox.detect(settings);
        this.network = isolation == Isolation.NONE ? null : network.get();
        this.cgroups = Cgroups.detect(settings.cgroupRoot());
        int leftovers = cgroups.removeLeftovers(Duration.ofMinutes(1));
        if (leftovers > 0) {
            LOG.info("removed {} empty instance cgroup(s) an earlier agent left behind", leftovers);
        }
        List<String> problems = isolationProblems();
        if (isolation == Isolation.NONE) {
            LOG.warn("node {} runs instances UNCONFINED (isolation: none in the inventory): no sandbox, as the agent's"
                    + " user, with only the limits the host allows{}", node,
                    cgroups.problems().isEmpty() ? "" : " (" + String.join("; ", cgroups.problems()) + ")");
        } else if (!problems.isEmpty()) {
            LOG.error("node {} cannot isolate instances, so it reports itself NOT READY and nothing is placed on it: {}",
                    node, String.join("; ", problems));
        } else {
            LOG.info("node {} isolates instances: bubblewrap, cgroup {} limits", node, cgroups.version().name().toLowerCase());
        }
    }

    /**
     * Every reason this node cannot isolate instances, collected in this one place: the sandbox
     * (bubblewrap, namespaces, root), the cgroup controllers and the network namespaces.
     */
    @Override
    public List<String> isolationProblems() {
        if (isolation == Isolation.NONE) {
            return List.of();
        }
        List<String> problems = new ArrayList<>(sandbox.problems());
        problems.addAll(cgroups.problems());
        problems.addAll(network.problems());
        return problems;
    }

    @Override
    public String name() {
        return "process";
    }

    /** @return whether instances run sandboxed */
    public boolean sandboxed() {
        return sandbox.usable();
    }

    @Override
    public StartedInstance start(LaunchSpec launch, InstanceListener listener) throws RuntimeStartException {
        pruneExited();
        Running existing = instances.get(launch.instanceId());
        if (existing != null && existing.process.isAlive()) {
            throw new RuntimeStartException("instance " + launch.instanceId() + " is already running");
        }
        if (launch.command().isEmpty()) {
            throw new RuntimeStartException("the package's plinth.yaml has no run.command, which the process runtime needs");
        }
        List<String> problems = isolationProblems();
        if (!problems.isEmpty()) {
            throw new RuntimeStartException("node " + node + " cannot isolate instances: " + String.join("; ", problems));
        }
        List<String> warnings = new ArrayList<>();
        if (isolation == Isolation.NONE) {
            warnings.add("runs UNCONFINED: node " + node + " has isolation: none in the inventory, so no sandbox and"
                    + " the agent's user");
        }
        CgroupLimits limits = CgroupLimits.create(cgroups, launch.instanceId(), launch.cpu(), launch.memoryMb());
        if (isolation == Isolation.REQUIRED && !limits.warnings().isEmpty()) {
            limits.remove();
            throw new RuntimeStartException("node " + node + " cannot limit the instance: " + String.join("; ", limits.warnings()));
        }
        warnings.addAll(limits.warnings());
        NetworkIsolation.InstanceNetwork net = null;
        try {
            if (sandbox.uid() >= 0) {
                handOver(launch.workDir(), sandbox.uid());
            }
            Map<String, String> env = environment(launch);
            if (network != null) {
                net = network.open(launch.instanceId(), launch.port(), env);
                env = net.environment();
                warnings.addAll(net.warnings());
            }
            Sandbox.Launch sandboxed = sandbox.usable()
                    ? sandbox.launch(launch.workDir(), env, net == null ? null : net.namespacePath(), launch.command())
                    : null;
            List<String> command = commandLine(sandboxed == null ? launch.command() : sandboxed.command(), limits);
            ProcessBuilder builder = new ProcessBuilder(command).directory(launch.workDir().toFile());
            builder.environment().clear();
            // Launchers see a fixed environment; the app's reaches it through the sandbox only.
            builder.environment().putAll(sandboxed == null ? env : Sandbox.LAUNCHER_ENVIRONMENT);
            Process process = launch(builder);
            if (sandboxed != null) {
                try {
                    sandboxed.feed(process);
                } catch (IOException e) {
                    process.destroyForcibly();
                    throw new IOException("the sandbox did not take its options: " + e.getMessage(), e);
                }
            }
            Running running = new Running(launch.instanceId(), process, limits, Instant.now());
            instances.put(launch.instanceId(), running);
            pump(launch.instanceId(), process.getInputStream(), InstanceListener.Stream.STDOUT, listener);
            pump(launch.instanceId(), process.getErrorStream(), InstanceListener.Stream.STDERR, listener);
            NetworkIsolation.InstanceNetwork instanceNetwork = net;
            process.onExit().thenAccept(p -> {
                // Read why before the group goes; then end whatever the instance left behind in it.
                String cause = limits.exitCause(p.exitValue()).orElse(null);
                limits.killAll(KILL_LEFTOVERS);
                limits.remove();
                if (instanceNetwork != null) {
                    instanceNetwork.close();
                }
                running.exitCode = p.exitValue();
                running.endedAt = Instant.now();
                listener.onExit(launch.instanceId(), p.exitValue(), cause);
            });
            for (String warning : warnings) {
                LOG.warn("instance {}: {}", launch.instanceId(), warning);
            }
            return new StartedInstance(launch.instanceId(), String.valueOf(process.pid()), running.startedAt, warnings,
                    net == null ? null : net.innerAddress());
        } catch (IOException | RuntimeException e) {
            limits.remove();
            if (net != null) {
                net.close();
            }
            throw new RuntimeStartException("cannot start '" + String.join(" ", launch.command()) + "': " + e.getMessage(), e);
        }
    }

    private Process launch(ProcessBuilder builder) throws IOException {
        try {
            return launcher.submit(builder::start).get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause() == null ? e.getMessage() : e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the instance", e);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new IOException("the runtime is shutting down", e);
        }
    }

    private List<String> commandLine(List<String> instanceCommand, CgroupLimits limits) {
        List<String> command = new ArrayList<>();
        List<Path> procs = limits.procsFiles();
        if (!procs.isEmpty()) {
            // Join the cgroups before anything of the instance runs, then become the instance.
            StringBuilder script = new StringBuilder();
            for (int i = 0; i < procs.size(); i++) {
                script.append("echo $$ > \"$").append(i + 1).append("\" && ");
            }
            script.append("shift ").append(procs.size()).append(" && exec \"$@\"");
            command.addAll(List.of("/bin/sh", "-c", script.toString(), "plinth-instance"));
            procs.forEach(p -> command.add(p.toString()));
        }
        command.addAll(instanceCommand);
        return command;
    }

    private Map<String, String> environment(LaunchSpec launch) {
        Map<String, String> env = new HashMap<>();
        String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
        env.put("PATH", javaBin + ":/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("HOME", sandbox.usable() ? Sandbox.APP_DIR : launch.workDir().toAbsolutePath().toString());
        env.put("TMPDIR", sandbox.usable() ? "/tmp" : System.getProperty("java.io.tmpdir"));
        // A JVM inside the sandbox cannot see its cgroup limits: tell it.
        int cores = Math.max(1, (int) Math.ceil(launch.cpu()));
        env.put("JAVA_TOOL_OPTIONS", "-XX:MaxRAM=" + launch.memoryMb() + "m -XX:ActiveProcessorCount=" + cores);
        env.putAll(launch.env());
        return env;
    }

    /** Gives the instance's directory to the unprivileged user it runs as. */
    private static void handOver(Path workDir, int uid) throws IOException {
        try (Stream<Path> paths = Files.walk(workDir)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.setAttribute(path, "unix:uid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    private static void pump(String instanceId, InputStream stream, InstanceListener.Stream kind, InstanceListener listener) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    try {
                        listener.onOutput(instanceId, kind, line.length() > 16384 ? line.substring(0, 16384) : line);
                    } catch (RuntimeException e) {
                        LOG.debug("output listener failed: {}", e.getMessage());
                    }
                }
            } catch (IOException e) {
                LOG.debug("output of {} ended: {}", instanceId, e.getMessage());
            }
        }, "instance-" + kind.name().toLowerCase() + "-" + instanceId);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public StopResult stop(String instanceId, Duration grace) {
        Running running = instances.get(instanceId);
        if (running == null || !running.process.isAlive()) {
            return new StopResult(instanceId, false, false, running == null || running.exitCode == null ? -1 : running.exitCode);
        }
        ProcessHandle root = running.process.toHandle();
        // SIGTERM to the instance itself: the sandbox's own processes would only pass on a SIGKILL.
        List<ProcessHandle> tree = root.descendants().toList();
        if (tree.isEmpty()) {
            root.destroy();
        } else {
            tree.forEach(ProcessHandle::destroy);
        }
        boolean forced = false;
        try {
            if (!running.process.waitFor(Math.max(1, grace.toMillis()), TimeUnit.MILLISECONDS)) {
                forced = true;
                root.descendants().forEach(ProcessHandle::destroyForcibly);
                root.destroyForcibly();
                running.process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            root.descendants().forEach(ProcessHandle::destroyForcibly);
            root.destroyForcibly();
        }
        int code = running.process.isAlive() ? -1 : running.process.exitValue();
        if (!running.process.isAlive()) {
            running.limits.killAll(KILL_LEFTOVERS);
        }
        return new StopResult(instanceId, true, forced, code);
    }

    @Override
    public Inspection inspect(String instanceId) {
        Running running = instances.get(instanceId);
        if (running == null) {
            return Inspection.unknown(instanceId);
        }
        if (!running.process.isAlive()) {
            return new Inspection(instanceId, Inspection.State.EXITED, String.valueOf(running.process.pid()),
                    running.exitCode == null ? running.process.exitValue() : running.exitCode, running.startedAt, 0, 0);
        }
        return new Inspection(instanceId, Inspection.State.RUNNING, String.valueOf(running.process.pid()), null,
                running.startedAt, running.cpuCores(), running.memoryMb());
    }

    @Override
    public List<String> running() {
        return instances.values().stream().filter(r -> r.process.isAlive()).map(r -> r.instanceId).sorted().toList();
    }

    private void pruneExited() {
        Instant cutoff = Instant.now().minus(KEEP_EXITED);
        instances.values().removeIf(r -> r.endedAt != null && r.endedAt.isBefore(cutoff));
    }

    @PreDestroy
    @Override
    public void close() {
        List<String> ids = running();
        ids.parallelStream().forEach(id -> stop(id, Duration.ofSeconds(5)));
        if (!ids.isEmpty()) {
            LOG.info("stopped {} instance(s)", ids.size());
        }
        launcher.shutdown();
    }

    private static final class Running {
        final String instanceId;
        final Process process;
        final CgroupLimits limits;
        final Instant startedAt;
        volatile Integer exitCode;
        volatile Instant endedAt;
        private long lastCpuNanos = -1;
        private long lastSampleNanos;
        private double lastRate;

        Running(String instanceId, Process process, CgroupLimits limits, Instant startedAt) {
            this.instanceId = instanceId;
            this.process = process;
            this.limits = limits;
            this.startedAt = startedAt;
        }

        private List<ProcessHandle> tree() {
            List<ProcessHandle> all = new ArrayList<>();
            all.add(process.toHandle());
            process.toHandle().descendants().forEach(all::add);
            return all;
        }

        /** Cores used since the previous sample. */
        synchronized double cpuCores() {
            long cpu = 0;
            for (ProcessHandle handle : tree()) {
                cpu += handle.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
            }
            long now = System.nanoTime();
            if (lastCpuNanos >= 0 && now > lastSampleNanos) {
                lastRate = Math.max(0, (double) (cpu - lastCpuNanos) / (now - lastSampleNanos));
            }
            lastCpuNanos = cpu;
            lastSampleNanos = now;
            return lastRate;
        }

        long memoryMb() {
            long fromGroup = limits.memoryUsedMb();
            if (fromGroup >= 0) {
                return fromGroup;
            }
            long bytes = 0;
            for (ProcessHandle handle : tree()) {
                try {
                    String[] statm = Files.readString(Path.of("/proc", String.valueOf(handle.pid()), "statm")).trim().split("\\s+");
                    bytes += Long.parseLong(statm[1]) * PAGE_SIZE;
                } catch (IOException | RuntimeException e) {
                    // The process ended between listing and reading.
                }
            }
            return bytes / (1024 * 1024);
        }
    }
}
