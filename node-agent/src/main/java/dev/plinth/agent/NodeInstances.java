package dev.plinth.agent;

import dev.plinth.contracts.descriptor.EnvironmentRules;
import dev.plinth.contracts.events.InstanceSpec;
import dev.plinth.contracts.events.InstanceState;
import dev.plinth.contracts.events.InstanceStatus;
import dev.plinth.contracts.events.NodeCommand;
import dev.plinth.contracts.runtime.InstanceListener;
import dev.plinth.contracts.runtime.LaunchSpec;
import dev.plinth.contracts.runtime.Runtime;
import dev.plinth.contracts.runtime.RuntimeStartException;
import dev.plinth.contracts.runtime.StartedInstance;
import dev.plinth.contracts.runtime.StopResult;
import dev.plinth.agent.artifacts.ArtifactCache;
import dev.plinth.agent.artifacts.PackageException;
import dev.plinth.agent.artifacts.PackageUnpacker;
import dev.plinth.agent.health.HealthChecker;
import dev.plinth.agent.health.HealthTracker;
import dev.plinth.agent.logs.LogShipper;
import dev.plinth.kit.security.ServiceTokens;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;


/**
 * Carries out this node's commands and reports what becomes of each instance.
 *
 * <p>Commands arrive on the Kafka listener's thread, which only does the bookkeeping (is this a
 * repeat? is it already running?) and hands the slow work to the instance's own lane: a chain of
 * tasks that run one after another for one instance, and in parallel for different instances. A
 * stop marks the instance at once, so a start still fetching or unpacking gives up at its next step.</p>
 *
 * <p>Idempotency: a START for an instance the agent knows (running or ended) starts nothing and
 * re-reports its current state, as does a STOP for one that is not running; a repeated START whose
 * instance the agent has forgotten is ignored. Re-reports carry the time of the change they
 * describe, so node-manager can tell them from news. Every state change goes out at once through
 * the {@link StatusReporter}.</p>
 */
@Singleton
public class NodeInstances implements InstanceListener {

    private static final Logger LOG = LoggerFactory.getLogger(NodeInstances.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);
    /** Instance ids name directories and cgroups: plain names only. */
    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final AgentNode node;
    private final AgentSettings settings;
    private final Runtime runtime;
    private final ArtifactCache artifacts;
    private final HealthChecker health;
    private final StatusReporter reporter;
    private final LogShipper logs;
    private final ServiceTokens tokens;
    private final String gatewayUrl;
    private final String agentName;
    private final Path instancesDir;
    private final Map<String, AgentInstance> instances = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> lanes = new ConcurrentHashMap<>();
    private final ProcessedCommands processed = new ProcessedCommands(10_000);
    private final CommandFence fence = new CommandFence();
    /** Ports a start found held by another process; reported as taken until they are free again. */
    private final Set<Integer> refusedPorts = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers;
    private volatile boolean closing;

    public NodeInstances(AgentNode node, AgentSettings settings, Runtime runtime, ArtifactCache artifacts,
                         HealthChecker health, StatusReporter reporter, LogShipper logs, ServiceTokens tokens,
                         @Value("${plinth.gateway.url:`http://127.0.0.1:8080`}") String gatewayUrl) {
        this.node = node;
        this.settings = settings;
        this.runtime = runtime;
        this.artifacts = artifacts;
        this.health = health;
        this.reporter = reporter;
        this.logs = logs;
        this.tokens = tokens;
        this.gatewayUrl = gatewayUrl;
        this.agentName = "agent-" + node.spec().name();
        this.instancesDir = settings.workDir().resolve("instances").toAbsolutePath();
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "agent-work-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // Nothing runs when the agent starts: directories left by an earlier run are leftovers.
        clearLeftovers();
    }

    /**
     * Takes one command for this node. Returns quickly; the work happens on the instance's lane.
     *
     * @param command the command, already known to be for this node
     */
    public void accept(NodeCommand command) {
        if (closing) {
            return;
        }
        if (command.instanceId() == null || !INSTANCE_ID.matcher(command.instanceId()).matches()) {
            LOG.warn("command {} names no valid instance id ('{}'); ignored", command.commandId(), command.instanceId());
            return;
        }
        if (!fence.admit(command.fence())) {
            LOG.warn("{} of {} ignored: it comes from a node-manager that has lost its lease (token {}, a newer holder's is {})",
                    command.type(), command.instanceId(), command.fence(), fence.highest());
            return;
        }
        switch (command.type()) {
            case START_INSTANCE -> acceptStart(command);
            case STOP_INSTANCE -> acceptStop(command);
        }
    }

    private void acceptStart(NodeCommand command) {
        InstanceSpec spec = command.spec();
        if (spec == null || !command.instanceId().equals(spec.instanceId())) {
            LOG.warn("start command {} for {} carries no matching instance spec; ignored", command.commandId(), command.instanceId());
            return;
        }
        Instant issued = command.timestamp();
        if (issued != null && issued.plus(settings.commandMaxAge()).isBefore(Instant.now())) {
            LOG.info("start of {} issued at {} is older than {}; skipped (node-manager resends starts that still matter)",
                    command.instanceId(), issued, settings.commandMaxAge());
            return;
        }
        boolean first = processed.firstTime(command.idempotencyKey());
        AgentInstance known = instances.get(command.instanceId());
        if (known != null) {
            if (command.generation() < known.generation) {
                LOG.info("start of {} for generation {} ignored: it runs generation {}", known.id(),
                        command.generation(), known.generation);
                return;
            }
            rereport(known);
            return;
        }
        if (!first) {
            LOG.debug("repeated start {} of a forgotten instance; ignored", command.idempotencyKey());
            return;
        }
        AgentInstance instance = new AgentInstance(spec, command.generation(), node.spec().name(), node.spec().address());
        if (instances.putIfAbsent(spec.instanceId(), instance) != null) {
            rereport(instances.get(spec.instanceId()));
            return;
        }
        inLane(instance.id(), () -> start(instance));
    }

    private void acceptStop(NodeCommand command) {
        processed.firstTime(command.idempotencyKey());
        AgentInstance known = instances.get(command.instanceId());
        if (known == null) {
            inLane(command.instanceId(), () -> stopUnknown(command));
            return;
        }
        if (known.stopRequested) {
            // A stop is under way or done; repeat its outcome once there is one.
            if (known.ended()) {
                rereport(known);
            }
            return;
        }
        known.stopRequested = true;
        inLane(known.id(), () -> stop(known, command.reason()));
    }

    // ---- the work, on the instance's lane ----

    private void start(AgentInstance instance) {
        InstanceSpec spec = instance.spec;
        Path dir = directoryOf(instance.id());
        try {
            if (instance.stopRequested) {
                return;
            }
            Path zip = artifacts.fetch(spec.artifactSha256(), spec.artifactUrl(), () -> instance.stopRequested || closing);
            if (instance.stopRequested) {
                return;
            }
            deleteTree(dir);
            PackageUnpacker.unpack(zip, dir, settings.maxPackageBytes());
            if (instance.stopRequested) {
                return;
            }
            List<String> refused = EnvironmentRules.problems(spec.env()).stream()
                    .map(p -> p.path().substring("env.".length()) + " " + p.message()).toList();
            if (!refused.isEmpty()) {
                fail(instance, "refused to start: its env " + String.join("; ", refused));
                return;
            }
            String portProblem = portProblem(instance);
            if (portProblem != null) {
                fail(instance, portProblem);
                return;
            }
            InstanceEnvironment.AppCredentials credentials = new InstanceEnvironment.AppCredentials(settings.mqttUrl(),
                    tokens.issueForApp(spec.app(), spec.deploymentId(), settings.appTokenLifetime()));
            LaunchSpec launch = new LaunchSpec(instance.id(), spec.app(), dir, spec.command(), spec.image(), spec.port(),
                    spec.containerPort(), InstanceEnvironment.of(spec, node.spec().name(), gatewayUrl, credentials), spec.cpu(),
                    spec.memoryMb(), spec.version(), spec.deploymentId(), spec.artifactSha256());
            StartedInstance started = runtime.start(launch, this);
            if (started.address() != null) {
                instance.reachableAt(started.address());
            }
            instance.launched = true;
            List<String> warnings = started.warnings();
            String message = warnings.isEmpty() ? null : "started with warnings: " + String.join("; ", warnings);
            transition(instance, InstanceState.STARTING, null, message, started.startedAt());
            for (String warning : warnings) {
                logs.agentLine(agentName, spec.app(), instance.id(), node.spec().name(), "WARN", warning);
            }
            watchHealth(instance, started.startedAt());
        } catch (PackageException | RuntimeStartException e) {
            if (!instance.stopRequested) {
                fail(instance, e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(instance, "the node agent stopped while starting it");
        } catch (RuntimeException e) {
            LOG.error("starting {} failed", instance.id(), e);
            fail(instance, "the node agent could not start it: " + e);
        }
    }

    private void watchHealth(AgentInstance instance, Instant launchedAt) {
        InstanceSpec spec = instance.spec;
        HealthTracker tracker = new HealthTracker(spec.healthPath(), launchedAt, spec.startupSeconds(),
                spec.healthIntervalSeconds(), spec.failureThreshold());
        instance.watch = health.watch(instance.ownAddress(), spec.port(), spec.healthPath(), spec.healthTimeoutSeconds(), tracker,
                (state, message) -> {
                    if (!instance.stopRequested && !closing) {
                        transition(instance, state, null, message, Instant.now());
                    }
                });
        // It may have ended while the watch was being set up.
        if (instance.ended() || instance.stopRequested) {
            instance.stopHealthChecks();
        }
    }

    private void stop(AgentInstance instance, String reason) {
        instance.stopHealthChecks();
        String because = reason == null || reason.isBlank() ? "" : " (" + reason + ")";
        if (instance.launched) {
            StopResult result = runtime.stop(instance.id(), settings.stopGrace());
            String message = result.forced()
                    ? "stopped on command" + because + "; killed after " + settings.stopGrace().toSeconds() + " s without ending on SIGTERM"
                    : "stopped on command" + because;
            Integer code = result.wasRunning() && result.exitCode() >= 0 ? result.exitCode() : null;
            transition(instance, InstanceState.STOPPED, code, message, Instant.now());
        } else {
            transition(instance, InstanceState.STOPPED, null, "stopped before it was started" + because, Instant.now());
        }
        if (instance.state() != InstanceState.STOPPED) {
            // It had ended before the stop came (exited, failed): say so again.
            rereport(instance);
        }
        deleteTree(directoryOf(instance.id()));
    }

    /** A stop for an instance this agent does not know: nothing runs, and it says so. */
    private void stopUnknown(NodeCommand command) {
        if (runtime.running().contains(command.instanceId())) {
            // The agent forgets only ended instances, so this should not happen; if it does, stop it anyway.
            runtime.stop(command.instanceId(), settings.stopGrace());
        }
        deleteTree(directoryOf(command.instanceId()));
        reporter.report(new InstanceStatus(UUID.randomUUID().toString(), command.instanceId(), node.spec().name(),
                "", "", "", command.generation(), InstanceState.STOPPED, node.spec().address(), 0, null,
                "not running on node " + node.spec().name(), Instant.now()));
    }

    private void fail(AgentInstance instance, String message) {
        transition(instance, InstanceState.FAILED, null, message, Instant.now());
        logs.agentLine(agentName, instance.spec.app(), instance.id(), node.spec().name(), "ERROR",
                "instance " + instance.id() + " could not be started: " + message);
        deleteTree(directoryOf(instance.id()));
    }

    /** @return why the instance's port cannot be used, or null when it is free */
    private String portProblem(AgentInstance instance) {
        int port = instance.spec.port();
        String problem = "port " + port + " is in use on node " + node.spec().name();
        for (AgentInstance other : instances.values()) {
            if (other != instance && other.launched && !other.ended() && other.spec.port() == port) {
                return problem + " (by instance " + other.id() + ")";
            }
        }
        if (!bindable(port)) {
            refusedPorts.add(port);
            return problem;
        }
        return null;
    }

    private static boolean bindable(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The ports of this node's range that something other than its instances holds: placement skips
     * them, since an instance placed on one could not start. Listening sockets are read from the
     * host's socket tables; a port a start found taken is tried again here until it is free.
     *
     * @return the taken ports, lowest first
     */
    public List<Integer> takenPorts() {
        Set<Integer> ours = new java.util.HashSet<>();
        for (AgentInstance instance : instances.values()) {
            if (!instance.ended()) {
                ours.add(instance.spec.port());
            }
        }
        Set<Integer> taken = new TreeSet<>(ListeningPorts.within(node.spec().ports().from(), node.spec().ports().to()));
        refusedPorts.removeIf(port -> !ours.contains(port) && !taken.contains(port) && bindable(port));
        taken.addAll(refusedPorts);
        taken.removeAll(ours);
        return List.copyOf(taken);
    }

    // ---- what the runtime tells us ----

    @Override
    public void onOutput(String instanceId, Stream stream, String line) {
        AgentInstance instance = instances.get(instanceId);
        String app = instance == null ? "" : instance.spec.app();
        logs.instanceLine(app, instanceId, node.spec().name(), stream, line);
    }

    @Override
    public void onExit(String instanceId, int exitCode) {
        onExit(instanceId, exitCode, null);
    }

    @Override
    public void onExit(String instanceId, int exitCode, String cause) {
        AgentInstance instance = instances.get(instanceId);
        if (instance == null) {
            return;
        }
        instance.stopHealthChecks();
        if (instance.stopRequested || closing) {
            // The stop that caused it reports, with how it went.
            return;
        }
        String message = cause == null ? describeExit(exitCode) : cause + " (exit code " + exitCode + ")";
        transition(instance, InstanceState.EXITED, exitCode, message, Instant.now());
        if (cause != null) {
            logs.agentLine(agentName, instance.spec.app(), instanceId, node.spec().name(), "WARN",
                    "instance " + instanceId + " " + message);
        }
    }

    /** @return a sentence on an exit code, naming the signal when there was one */
    static String describeExit(int code) {
        if (code > 128 && code < 160) {
            int signal = code - 128;
            String name = switch (signal) {
                case 9 -> "SIGKILL";
                case 15 -> "SIGTERM";
                case 6 -> "SIGABRT";
                case 11 -> "SIGSEGV";
                case 2 -> "SIGINT";
                default -> "signal " + signal;
            };
            return "exited with code " + code + " (" + name + ")";
        }
        return "exited with code " + code;
    }

    // ---- reporting ----

    private void transition(AgentInstance instance, InstanceState next, Integer exitCode, String message, Instant at) {
        // Under the instance's lock, so reports leave in the order the changes happened.
        synchronized (instance) {
            InstanceStatus status = instance.moveTo(next, exitCode, message, at);
            if (status != null) {
                reporter.report(status);
            }
        }
    }

    private void rereport(AgentInstance instance) {
        synchronized (instance) {
            InstanceStatus status = instance.current();
            if (status != null) {
                reporter.report(status);
            }
        }
    }

    // ---- housekeeping ----

    /** @return what the agent last reported for the instance, if it knows it */
    public Optional<InstanceStatus> status(String instanceId) {
        AgentInstance instance = instances.get(instanceId);
        return instance == null ? Optional.empty() : Optional.ofNullable(instance.current());
    }

    /** Forgets instances that ended a while ago, with their directories. */
    @Scheduled(fixedDelay = "30s", initialDelay = "30s")
    void forgetEnded() {
        Instant cutoff = Instant.now().minus(settings.keepExited());
        instances.values().removeIf(instance -> {
            Instant ended = instance.endedAt();
            if (ended != null && ended.isBefore(cutoff) && !lanes.containsKey(instance.id())) {
                deleteTree(directoryOf(instance.id()));
                return true;
            }
            return false;
        });
    }

    /** Stops every instance and reports them stopped, before the runtime and Kafka clients close. */
    @PreDestroy
    void close() {
        closing = true;
        List<AgentInstance> live = instances.values().stream().filter(i -> !i.ended()).toList();
        live.forEach(AgentInstance::stopHealthChecks);
        live.parallelStream().forEach(instance -> {
            instance.stopRequested = true;
            Integer code = null;
            if (instance.launched) {
                StopResult result = runtime.stop(instance.id(), SHUTDOWN_GRACE);
                code = result.wasRunning() && result.exitCode() >= 0 ? result.exitCode() : null;
            }
            transition(instance, InstanceState.STOPPED, code, "stopped because the node agent stopped", Instant.now());
        });
        workers.shutdownNow();
        reporter.flush(5000);
        if (!live.isEmpty()) {
            LOG.info("stopped {} instance(s) of node {}", live.size(), node.spec().name());
        }
        clearLeftovers();
    }

    private void inLane(String instanceId, Runnable task) {
        CompletableFuture<?>[] created = new CompletableFuture<?>[1];
        lanes.compute(instanceId, (id, tail) -> {
            CompletableFuture<Void> base = tail == null ? CompletableFuture.completedFuture(null) : tail;
            CompletableFuture<Void> next = base.handle((v, e) -> null).thenRunAsync(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("work on instance {} failed", id, e);
                }
            }, workers);
            created[0] = next;
            return next;
        });
        @SuppressWarnings("unchecked")
        CompletableFuture<Void> mine = (CompletableFuture<Void>) created[0];
        mine.whenComplete((v, e) -> lanes.remove(instanceId, mine));
    }

    private Path directoryOf(String instanceId) {
        Path dir = instancesDir.resolve(instanceId).normalize();
        if (!dir.getParent().equals(instancesDir)) {
            throw new IllegalArgumentException("instance id '" + instanceId + "' is not a plain name");
        }
        return dir;
    }

    private void clearLeftovers() {
        if (!Files.isDirectory(instancesDir)) {
            return;
        }
        try (java.util.stream.Stream<Path> children = Files.list(instancesDir)) {
            children.forEach(NodeInstances::deleteTree);
        } catch (IOException e) {
            LOG.warn("cannot clear {}: {}", instancesDir, e.getMessage());
        }
    }

    /** Deletes a directory tree without following symbolic links out of it. */
    static void deleteTree(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.debug("cannot delete {}: {}", path, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", root, e.getMessage());
        }
    }
}
