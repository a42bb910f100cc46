package dev.plinth.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.plinth.agent.AgentNode;
import dev.plinth.agent.runtime.Limits;
import dev.plinth.agent.runtime.network.NetworkIsolation;
import dev.plinth.agent.runtime.network.NetworkSettings;
import dev.plinth.contracts.inventory.Isolation;
import dev.plinth.contracts.runtime.InstanceListener;
import dev.plinth.contracts.runtime.Inspection;
import dev.plinth.contracts.runtime.LaunchSpec;
import dev.plinth.contracts.runtime.Runtime;
import dev.plinth.contracts.runtime.RuntimeStartException;
import dev.plinth.contracts.runtime.StartedInstance;
import dev.plinth.contracts.runtime.StopResult;
import io.micronaut.context.BeanProvider;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs each instance as a container of the node's Docker engine. A package names its image
 * ({@code run.image}, pulled per the node's pull policy) or carries a {@code Dockerfile} at its root,
 * built once per node into {@code plinth/APP:VERSION-SHA12}.
 *
 * <p>Every container is named {@code plinth-INSTANCE}, carries the platform's ids as labels, runs as
 * nobody (65534) with every capability dropped, {@code no-new-privileges}, a read-only root and a
 * tmpfs {@code /tmp}, within its memory (swap included), cpu and process limits. In the {@code isolated}
 * network mode it starts without a network and then gets the very namespace set-up an isolated
 * process gets ({@link NetworkIsolation}): a veth pair on a slot of the platform's range, nftables
 * inside and on the host, so it reaches only the platform's doors and only its port is reachable.
 * A container is removed once it ended and its exit code was read.</p>
 *
 * <p>An agent that starts finds its node's containers by label: running ones are adopted (a START for
 * one takes it over instead of starting a second; they are listed in {@link #running()}, so
 * node-manager stops those it no longer wants), ended ones are removed.</p>
 */
@Singleton
public class DockerRuntime implements Runtime {

    /** Label keys: the platform's ids on every container. */
    public static final String LABEL_INSTANCE = "dev.plinth.instance";
    public static final String LABEL_APP = "dev.plinth.app";
    public static final String LABEL_VERSION = "dev.plinth.version";
    public static final String LABEL_DEPLOYMENT = "dev.plinth.deployment";
    public static final String LABEL_NODE = "dev.plinth.node";
    /** The network slot and port of an isolated container, and the door variables it was given, for adoption. */
    static final String LABEL_SLOT = "dev.plinth.network.slot";
    static final String LABEL_PORT = "dev.plinth.port";
    static final String LABEL_DOOR_PREFIX = "dev.plinth.door.";

    private static final Logger LOG = LoggerFactory.getLogger(DockerRuntime.class);
    private static final Duration KEEP_EXITED = Duration.ofMinutes(10);
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(15);
    private static final int NOBODY = 65534;

    private final DockerSettings settings;
    private final String node;
    private final Isolation isolation;
    private final List<String> settingProblems;
    private final DockerClient docker;
    /** The network namespaces containers get; null in the {@code host} network mode. */
    private final NetworkIsolation network;
    private final Map<String, Running> instances = new ConcurrentHashMap<>();
    /** One build per image tag at a time; a second start of the same package waits and reuses it. */
    private final Map<String, Object> buildLocks = new ConcurrentHashMap<>();
    /** Whether the containers an earlier agent left were adopted or removed (done once the engine answers). */
    private boolean leftoversHandled;
    /** Set when a test lets go of the containers as a dead agent would: nothing is removed then. */
    private volatile boolean abandoned;
    private final ExecutorService waiters = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "docker-waiter");
        t.setDaemon(true);
        return t;
    });

    @Inject
    public DockerRuntime(DockerSettings settings, AgentNode node, BeanProvider<NetworkIsolation> network) {
        this(settings, node.spec().name(), node.spec().isolation(), network::get);
    }

    /** With network namespaces for a gateway on this host's loopback, as {@code plinth up} runs it. */
    public DockerRuntime(DockerSettings settings, String node, Isolation isolation) {
        this(settings, node, isolation, () -> new NetworkIsolation(NetworkSettings.defaults()));
    }

    /**
     * @param settings  the engine, the network mode and the pull policy
     * @param node      the node's name: labels and messages
     * @param isolation whether the node's instances must run isolated
     * @param network   the network namespaces, asked for only in the {@code isolated} mode
     */
    public DockerRuntime(DockerSettings settings, String node, Isolation isolation, Supplier<NetworkIsolation> network) {
        this.settings = settings;
        this.node = node;
        this.isolation = isolation;
        this.settingProblems = settingProblems(settings, node, isolation);
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(settings.host()).build();
        this.docker = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(100)
                .connectionTimeout(Duration.ofSeconds(5))
                .build());
        this.network = settingProblems.isEmpty() && settings.networkMode() == DockerSettings.Network.ISOLATED ? network.get() : null;
        List<String> problems = isolationProblems();
        if (problems.isEmpty()) {
            LOG.info("node {} runs instances as containers of the Docker engine at {} ({} network)", node, settings.host(),
                    settings.network());
        } else {
            LOG.error("node {} cannot run containers as it must, so it reports itself NOT READY and nothing is placed on it: {}",
                    node, String.join("; ", problems));
        }
    }

    private static List<String> settingProblems(DockerSettings settings, String node, Isolation isolation) {
        List<String> problems = new ArrayList<>();
        DockerSettings.Network mode = null;
        try {
            mode = settings.networkMode();
        } catch (IllegalArgumentException e) {
            problems.add("node " + node + " has docker network '" + settings.network() + "', which is none of isolated, host:"
                    + " fix docker.network in the inventory");
        }
        try {
            settings.pullPolicy();
        } catch (IllegalArgumentException e) {
            problems.add("node " + node + " has docker pull '" + settings.pull() + "', which is none of always, if-missing,"
                    + " never: fix docker.pull in the inventory");
        }
        if (mode == DockerSettings.Network.HOST && isolation != Isolation.NONE) {
            problems.add("node " + node + " has docker network host, which gives containers the node's own network (its"
                    + " loopback services and every other instance): allowed only on a node with isolation: none; use"
                    + " docker network isolated (the default), or, for trusted code only, set isolation: none");
        }
        return List.copyOf(problems);
    }

    @Override
    public String name() {
        return "docker";
    }

    /**
     * What keeps this node from running containers as it must: settings that contradict the node's
     * isolation, an engine that does not answer, network namespaces that cannot be made. Unlike the
     * process runtime, an engine that does not answer makes the node not ready even with
     * {@code isolation: none}: nothing could run there.
     */
    @Override
    public List<String> isolationProblems() {
        List<String> problems = new ArrayList<>(settingProblems);
        try {
            docker.pingCmd().exec();
            if (settingProblems.isEmpty() && (network == null || network.usable())) {
                // At the first answer: at start, or once an engine that was down comes up.
                leftoversHandled();
            }
        } catch (RuntimeException e) {
            problems.add("the Docker engine at " + settings.host() + " does not answer (" + rootMessage(e) + "): start dockerd"
                    + " there, or set docker.host of node " + node + " in the inventory to where it listens");
        }
        if (network != null) {
            problems.addAll(network.problems());
        }
        return problems;
    }

    @Override
    public StartedInstance start(LaunchSpec launch, InstanceListener listener) throws RuntimeStartException {
        pruneExited();
        Running known = instances.get(launch.instanceId());
        if (known != null && !known.ended.isDone()) {
            if (known.adopted && known.listener.compareAndSet(null, listener)) {
                LOG.info("instance {}: took over its running container {} from an earlier agent", launch.instanceId(),
                        shortId(known.containerId));
                return new StartedInstance(launch.instanceId(), known.containerId, known.startedAt,
                        List.of("adopted its running container from an earlier agent"), known.address);
            }
            throw new RuntimeStartException("instance " + launch.instanceId() + " is already running");
        }
        List<String> problems = isolationProblems();
        if (!problems.isEmpty()) {
            throw new RuntimeStartException("node " + node + " cannot run containers: " + String.join("; ", problems));
        }
        String image = image(launch, listener);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", "/tmp");
        env.put("TMPDIR", "/tmp");
        env.putAll(launch.env());
        Map<String, String> labels = labels(launch.instanceId(), launch.app(), launch.version(), launch.deploymentId());
        labels.put(LABEL_PORT, String.valueOf(launch.port()));
        NetworkIsolation.InstanceNetwork net = null;
        String containerId = null;
        try {
            if (network != null) {
                net = network.reserve(launch.instanceId(), launch.port(), env);
                for (String variable : NetworkIsolation.DOOR_VARIABLES) {
                    if (env.containsKey(variable)) {
                        labels.put(LABEL_DOOR_PREFIX + variable, env.get(variable));
                    }
                }
                env = net.environment();
                labels.put(LABEL_SLOT, String.valueOf(net.slot()));
            }
            removeQuietly(containerName(launch.instanceId()));
            CreateContainerResponse created = docker.createContainerCmd(image)
                    .withName(containerName(launch.instanceId()))
                    .withLabels(labels)
                    .withEnv(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                    .withUser(NOBODY + ":" + NOBODY)
                    .withHostConfig(hostConfig(launch))
                    .exec();
            containerId = created.getId();
            docker.startContainerCmd(containerId).exec();
            InspectContainerResponse inspected = docker.inspectContainerCmd(containerId).exec();
            Long pid = inspected.getState().getPidLong();
            if (net != null) {
                if (pid == null || pid <= 0) {
                    throw new IOException("the container ended at once (" + describeState(inspected) + ")");
                }
                net.attach(pid);
            }
            Running running = new Running(launch.instanceId(), containerId, Instant.now(), net,
                    net == null ? null : net.innerAddress(), false);
            running.listener.set(listener);
            instances.put(launch.instanceId(), running);
            follow(running, 0);
            List<String> warnings = net == null ? List.of() : net.warnings();
            return new StartedInstance(launch.instanceId(), containerId, running.startedAt, warnings, running.address);
        } catch (IOException | RuntimeException e) {
            if (containerId != null) {
                removeQuietly(containerId);
            }
            if (net != null) {
                net.close();
            }
            throw new RuntimeStartException("cannot start a container of " + image + ": " + rootMessage(e), e);
        }
    }

    private HostConfig hostConfig(LaunchSpec launch) {
        long memory = (long) launch.memoryMb() * 1024 * 1024;
        int tmpMb = Math.max(16, Math.min(launch.memoryMb() / 4, 512));
        return HostConfig.newHostConfig()
                .withMemory(memory)
                .withMemorySwap(memory)
                .withNanoCPUs(Math.max(10_000_000L, (long) (launch.cpu() * 1_000_000_000L)))
                .withPidsLimit((long) Limits.PIDS_MAX)
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withReadonlyRootfs(true)
                .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=" + tmpMb + "m"))
                .withNetworkMode(network == null ? "host" : "none");
    }

    private Map<String, String> labels(String instanceId, String app, String version, String deployment) {
        Map<String, String> labels = new HashMap<>();
        labels.put(LABEL_INSTANCE, instanceId);
        labels.put(LABEL_APP, app == null ? "" : app);
        labels.put(LABEL_VERSION, version == null ? "" : version);
        labels.put(LABEL_DEPLOYMENT, deployment == null ? "" : deployment);
        labels.put(LABEL_NODE, node);
        return labels;
    }

    // ---- images ----

    /** The image to run: the package's {@code run.image}, or what its Dockerfile builds. */
    private String image(LaunchSpec launch, InstanceListener listener) throws RuntimeStartException {
        if (launch.image() != null && !launch.image().isBlank()) {
            return pulled(launch.image());
        }
        if (launch.command().isEmpty() && Files.isRegularFile(launch.workDir().resolve("Dockerfile"))) {
            return built(launch, listener);
        }
        throw new RuntimeStartException("the package has neither run.image nor a Dockerfile at its root, which the docker"
                + " runtime needs (run.command runs on process nodes)");
    }

    private String pulled(String image) throws RuntimeStartException {
        DockerSettings.Pull policy = settings.pullPolicy();
        boolean present = imagePresent(image);
        if (policy == DockerSettings.Pull.NEVER || (policy == DockerSettings.Pull.IF_MISSING && present)) {
            if (!present) {
                throw new RuntimeStartException("image " + image + " is not on node " + node + ", and its pull policy is never:"
                        + " load it there (docker load) or set docker.pull of the node to if-missing");
            }
            return image;
        }
        try {
            docker.pullImageCmd(image).exec(new PullImageResultCallback()).awaitCompletion(PULL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (!imagePresent(image)) {
                throw new RuntimeStartException("pulling image " + image + " did not finish within " + PULL_TIMEOUT.toMinutes() + " min");
            }
            return image;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeStartException("interrupted while pulling image " + image, e);
        } catch (RuntimeException e) {
            throw new RuntimeStartException("cannot pull image " + image + ": " + rootMessage(e), e);
        }
    }

    private boolean imagePresent(String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** @return the tag a package's Dockerfile builds: app, version and the package's sha256 */
    static String buildTag(String app, String version, String sha256) {
        String v = version == null || version.isBlank() ? "0" : version.replaceAll("[^A-Za-z0-9_.-]", "_");
        String sha = sha256 == null ? "" : sha256.toLowerCase();
        String tag = v + (sha.length() >= 12 ? "-" + sha.substring(0, 12) : "");
        return "plinth/" + app + ":" + (tag.length() > 128 ? tag.substring(0, 128) : tag);
    }

    private String built(LaunchSpec launch, InstanceListener listener) throws RuntimeStartException {
        if (launch.artifactSha256().length() < 12) {
            throw new RuntimeStartException("the package's sha256 is unknown, so what its Dockerfile builds cannot be named");
        }
        String tag = buildTag(launch.app(), launch.version(), launch.artifactSha256());
        synchronized (buildLocks.computeIfAbsent(tag, t -> new Object())) {
            if (imagePresent(tag)) {
                return tag;
            }
            line(listener, launch.instanceId(), InstanceListener.Stream.STDOUT, "building image " + tag + " from the package's Dockerfile");
            BuildOutput output = new BuildOutput(launch.instanceId(), listener);
            try {
                docker.buildImageCmd(launch.workDir().toFile())
                        .withTags(Set.of(tag))
                        .withPull(false)
                        // A build's RUN steps reach nothing: the node's network would be the host's.
                        .withNetworkMode("none")
                        .withRemove(true)
                        .withForcerm(true)
                        .withLabels(Map.of(LABEL_APP, launch.app(), LABEL_VERSION, launch.version()))
                        .exec(output);
                if (!output.awaitCompletion(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new RuntimeStartException("building image " + tag + " did not finish within " + BUILD_TIMEOUT.toMinutes() + " min");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeStartException("interrupted while building image " + tag, e);
            } catch (RuntimeException e) {
                throw new RuntimeStartException("the package's Dockerfile does not build: " + rootMessage(e), e);
            }
            if (output.error != null) {
                throw new RuntimeStartException("the package's Dockerfile does not build: " + output.error);
            }
            if (!imagePresent(tag)) {
                throw new RuntimeStartException("the package's Dockerfile built no image " + tag);
            }
            return tag;
        }
    }

    /** Passes a build's output to the instance's log lines and keeps its error. */
    private static final class BuildOutput extends ResultCallback.Adapter<BuildResponseItem> {
        private final String instanceId;
        private final InstanceListener listener;
        private final StringBuilder partial = new StringBuilder();
        volatile String error;

        BuildOutput(String instanceId, InstanceListener listener) {
            this.instanceId = instanceId;
            this.listener = listener;
        }

        @Override
        public void onNext(BuildResponseItem item) {
            if (item.getStream() != null) {
                partial.append(item.getStream());
                int newline;
                while ((newline = partial.indexOf("\n")) >= 0) {
                    line(listener, instanceId, InstanceListener.Stream.STDOUT, partial.substring(0, newline));
                    partial.delete(0, newline + 1);
                }
            }
            if (item.isErrorIndicated()) {
                error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage() : item.getError();
                line(listener, instanceId, InstanceListener.Stream.STDERR, error);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            error = rootMessage(throwable);
            super.onError(throwable);
        }
    }

    // ---- output and exit ----

    /** Streams a container's output to its listener, then waits for its end. */
    private void follow(Running running, int sinceEpochSeconds) {
        LineSplitter lines = new LineSplitter(running);
        docker.logContainerCmd(running.containerId).withStdOut(true).withStdErr(true).withFollowStream(true)
                .withSince(sinceEpochSeconds).exec(lines);
        running.output = lines;
        waiters.execute(() -> {
            Integer code = null;
            boolean warned = false;
            while (!abandoned) {
                try {
                    code = docker.waitContainerCmd(running.containerId).exec(new WaitContainerResultCallback()).awaitStatusCode();
                    break;
                } catch (NotFoundException e) {
                    break; // Removed from outside.
                } catch (RuntimeException e) {
                    // The engine went away for a moment, say: a container that still runs is waited for again.
                    if (!warned) {
                        LOG.warn("waiting for the container of {} failed: {}", running.instanceId, rootMessage(e));
                        warned = true;
                    }
                    if (!stillRunning(running.containerId)) {
                        break;
                    }
                    try {
                        Thread.sleep(2000);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
            ended(running, code);
        });
    }

    private boolean stillRunning(String containerId) {
        try {
            return Boolean.TRUE.equals(docker.inspectContainerCmd(containerId).exec().getState().getRunning());
        } catch (NotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            return true; // Cannot tell yet: keep waiting rather than remove a container that may run.
        }
    }

    /** Reads why a container ended, removes it and its network, and tells the listener. */
    private void ended(Running running, Integer waited) {
        if (abandoned) {
            return;
        }
        int code = waited == null ? -1 : waited;
        String cause = null;
        try {
            InspectContainerResponse inspected = docker.inspectContainerCmd(running.containerId).exec();
            if (inspected.getState().getExitCodeLong() != null) {
                code = inspected.getState().getExitCodeLong().intValue();
            }
            if (Boolean.TRUE.equals(inspected.getState().getOOMKilled())) {
                Long limit = inspected.getHostConfig() == null ? null : inspected.getHostConfig().getMemory();
                String of = limit == null || limit <= 0 ? "" : " of " + limit / (1024 * 1024) + " MiB";
                // The engine flags any kill in the container's group; the main process may have outlived it.
                cause = code == 137 ? "killed: it used its memory limit" + of
                        : "one of its processes was killed for using its memory limit" + of;
            }
        } catch (RuntimeException e) {
            LOG.debug("cannot inspect the ended container of {}: {}", running.instanceId, rootMessage(e));
        }
        try {
            // Its last lines first, then the exit.
            running.output.awaitCompletion(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running.output.flush();
        removeQuietly(running.containerId);
        if (running.network != null) {
            running.network.close();
        }
        running.exitCode = code;
        running.endedAt = Instant.now();
        InstanceListener listener = running.listener.get();
        if (listener != null) {
            listener.onExit(running.instanceId, code, cause);
        }
        // After the listener: a stop returns once the exit is reported.
        running.ended.complete(code);
    }

    private static void line(InstanceListener listener, String instanceId, InstanceListener.Stream stream, String line) {
        if (listener == null) {
            return;
        }
        try {
            listener.onOutput(instanceId, stream, line.length() > 16384 ? line.substring(0, 16384) : line);
        } catch (RuntimeException e) {
            LOG.debug("output listener failed: {}", e.getMessage());
        }
    }

    /** Docker hands output over in frames of any size: this makes lines of them, per stream. */
    private static final class LineSplitter extends ResultCallback.Adapter<Frame> {
        private final Running running;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();

        LineSplitter(Running running) {
            this.running = running;
        }

        @Override
        public synchronized void onNext(Frame frame) {
            boolean isErr = frame.getStreamType() == StreamType.STDERR;
            ByteArrayOutputStream buffer = isErr ? err : out;
            for (byte b : frame.getPayload()) {
                if (b == '\n') {
                    emit(buffer, isErr);
                } else if (buffer.size() < 65536) {
                    buffer.write(b);
                }
            }
        }

        private void emit(ByteArrayOutputStream buffer, boolean isErr) {
            String text = buffer.toString(StandardCharsets.UTF_8);
            buffer.reset();
            line(running.listener.get(), running.instanceId, isErr ? InstanceListener.Stream.STDERR : InstanceListener.Stream.STDOUT,
                    text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
        }

        synchronized void flush() {
            if (out.size() > 0) {
                emit(out, false);
            }
            if (err.size() > 0) {
                emit(err, true);
            }
        }
    }

    // ---- stop, inspect, list ----

    @Override
    public StopResult stop(String instanceId, Duration grace) {
        Running running = instances.get(instanceId);
        if (running == null) {
            return stopStray(instanceId, grace);
        }
        if (running.ended.isDone()) {
            return new StopResult(instanceId, false, false, running.exitCode == null ? -1 : running.exitCode);
        }
        int seconds = (int) Math.max(1, (grace.toMillis() + 999) / 1000);
        long began = System.nanoTime();
        try {
            // SIGTERM (or the image's STOPSIGNAL), then SIGKILL after the grace period.
            docker.stopContainerCmd(running.containerId).withTimeout(seconds).exec();
        } catch (NotModifiedException | NotFoundException e) {
            // Ended already.
        } catch (RuntimeException e) {
            LOG.warn("docker stop of {} failed ({}); killing it", instanceId, rootMessage(e));
            try {
                docker.killContainerCmd(running.containerId).exec();
            } catch (RuntimeException again) {
                LOG.warn("docker kill of {} failed: {}", instanceId, rootMessage(again));
            }
        }
        int code;
        try {
            code = running.ended.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = -1;
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            code = -1;
        }
        boolean forced = code == 137 && System.nanoTime() - began >= TimeUnit.SECONDS.toNanos(seconds);
        return new StopResult(instanceId, true, forced, code);
    }

    /**
     * Stops a container of this node that this runtime does not hold (left while the engine was away
     * from an earlier agent, say): node-manager stops what a heartbeat lists and it does not want, and
     * such a container must not stay behind.
     */
    private StopResult stopStray(String instanceId, Duration grace) {
        String name = containerName(instanceId);
        try {
            InspectContainerResponse inspected = docker.inspectContainerCmd(name).exec();
            Map<String, String> labels = inspected.getConfig() == null ? null : inspected.getConfig().getLabels();
            if (labels == null || !node.equals(labels.get(LABEL_NODE))) {
                return new StopResult(instanceId, false, false, -1);
            }
            boolean wasRunning = Boolean.TRUE.equals(inspected.getState().getRunning());
            if (wasRunning) {
                docker.stopContainerCmd(name).withTimeout((int) Math.max(1, (grace.toMillis() + 999) / 1000)).exec();
            }
            Long code = docker.inspectContainerCmd(name).exec().getState().getExitCodeLong();
            removeQuietly(name);
            LOG.info("stopped and removed container {} of instance {}, which this agent did not hold", name, instanceId);
            return new StopResult(instanceId, wasRunning, false, code == null ? -1 : code.intValue());
        } catch (NotFoundException e) {
            return new StopResult(instanceId, false, false, -1);
        } catch (RuntimeException e) {
            LOG.warn("cannot stop container {}: {}", name, rootMessage(e));
            return new StopResult(instanceId, false, false, -1);
        }
    }

    /** What the engine says of the instance's container (its record once it ended and was removed). */
    @Override
    public Inspection inspect(String instanceId) {
        Running running = instances.get(instanceId);
        if (running != null && running.ended.isDone()) {
            return new Inspection(instanceId, Inspection.State.EXITED, running.containerId, running.exitCode, running.startedAt, 0, 0);
        }
        try {
            InspectContainerResponse inspected = docker.inspectContainerCmd(containerName(instanceId)).exec();
            Instant started = parseTime(inspected.getState().getStartedAt());
            if (Boolean.TRUE.equals(inspected.getState().getRunning())) {
                return new Inspection(instanceId, Inspection.State.RUNNING, inspected.getId(), null, started, 0, 0);
            }
            Long exit = inspected.getState().getExitCodeLong();
            return new Inspection(instanceId, Inspection.State.EXITED, inspected.getId(), exit == null ? null : exit.intValue(), started, 0, 0);
        } catch (NotFoundException e) {
            return Inspection.unknown(instanceId);
        } catch (RuntimeException e) {
            LOG.debug("cannot inspect {}: {}", instanceId, rootMessage(e));
            return Inspection.unknown(instanceId);
        }
    }

    /** The node's running containers, as the engine lists them by label. */
    @Override
    public List<String> running() {
        try {
            return docker.listContainersCmd().withLabelFilter(Map.of(LABEL_NODE, node)).withStatusFilter(List.of("running")).exec()
                    .stream().map(c -> c.getLabels().get(LABEL_INSTANCE)).filter(id -> id != null && !id.isBlank())
                    .sorted().toList();
        } catch (RuntimeException e) {
            LOG.debug("cannot list containers: {}", rootMessage(e));
            return List.of();
        }
    }

    // ---- adoption ----

    /**
     * Takes over the node's running containers an earlier agent left (their output and exit come to
     * the listener of the START that names them) and removes the ended ones.
     */
    private synchronized void leftoversHandled() {
        if (!leftoversHandled && !abandoned) {
            leftoversHandled = true;
            adoptOrRemoveLeftovers();
        }
    }

    private void adoptOrRemoveLeftovers() {
        List<Container> found;
        try {
            found = docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(LABEL_NODE, node)).exec();
        } catch (RuntimeException e) {
            LOG.warn("cannot list the containers an earlier agent left: {}", rootMessage(e));
            return;
        }
        for (Container container : found) {
            String instanceId = container.getLabels().get(LABEL_INSTANCE);
            if (instanceId == null || !"running".equals(container.getState())) {
                LOG.info("removing ended container {} of instance {}, left by an earlier agent", shortId(container.getId()), instanceId);
                removeQuietly(container.getId());
                continue;
            }
            try {
                adopt(instanceId, container);
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot adopt the container of {} ({}); removing it", instanceId, rootMessage(e));
                removeQuietly(container.getId());
            }
        }
    }

    private void adopt(String instanceId, Container container) throws IOException {
        Map<String, String> labels = container.getLabels();
        NetworkIsolation.InstanceNetwork net = null;
        if (network != null) {
            if (!labels.containsKey(LABEL_SLOT)) {
                throw new IOException("it has no network slot of its own (started in another network mode)");
            }
            Map<String, String> doors = new HashMap<>();
            labels.forEach((key, value) -> {
                if (key.startsWith(LABEL_DOOR_PREFIX)) {
                    doors.put(key.substring(LABEL_DOOR_PREFIX.length()), value);
                }
            });
            InspectContainerResponse inspected = docker.inspectContainerCmd(container.getId()).exec();
            net = network.reclaim(instanceId, Integer.parseInt(labels.getOrDefault(LABEL_PORT, "0")), doors,
                    Integer.parseInt(labels.get(LABEL_SLOT)));
            net.attach(inspected.getState().getPidLong());
        } else if (labels.containsKey(LABEL_SLOT)) {
            throw new IOException("it was started in the isolated network mode, and this node now uses host");
        }
        Running running = new Running(instanceId, container.getId(), Instant.ofEpochSecond(container.getCreated()), net,
                net == null ? null : net.innerAddress(), true);
        instances.put(instanceId, running);
        follow(running, (int) Instant.now().getEpochSecond());
        LOG.info("adopted the running container {} of instance {}", shortId(container.getId()), instanceId);
    }

    // ---- helpers ----

    static String containerName(String instanceId) {
        return "plinth-" + instanceId;
    }

    private void removeQuietly(String container) {
        try {
            docker.removeContainerCmd(container).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // Gone already.
        } catch (RuntimeException e) {
            LOG.warn("cannot remove container {}: {}", container, rootMessage(e));
        }
    }

    private static String describeState(InspectContainerResponse inspected) {
        InspectContainerResponse.ContainerState state = inspected.getState();
        return "status " + state.getStatus() + ", exit code " + state.getExitCodeLong()
                + (state.getError() == null || state.getError().isBlank() ? "" : ", " + state.getError());
    }

    private static Instant parseTime(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String shortId(String id) {
        return id == null || id.length() < 12 ? String.valueOf(id) : id.substring(0, 12);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.trim();
    }

    private void pruneExited() {
        Instant cutoff = Instant.now().minus(KEEP_EXITED);
        instances.values().removeIf(r -> r.endedAt != null && r.endedAt.isBefore(cutoff));
    }

    /** @return the engine this runtime talks to */
    URI host() {
        return URI.create(settings.host());
    }

    @PreDestroy
    @Override
    public void close() {
        List<Running> live = instances.values().stream().filter(r -> !r.ended.isDone()).toList();
        live.parallelStream().forEach(r -> stop(r.instanceId, Duration.ofSeconds(5)));
        if (!live.isEmpty()) {
            LOG.info("stopped {} container(s)", live.size());
        }
        waiters.shutdownNow();
        try {
            docker.close();
        } catch (IOException e) {
            LOG.debug("closing the Docker client: {}", e.getMessage());
        }
    }

    /**
     * Leaves the node's containers running and lets go of them, as an agent that dies would: for tests
     * of adoption in one JVM.
     */
    void abandon() {
        abandoned = true;
        instances.values().forEach(r -> {
            r.listener.set(null);
            try {
                r.output.close();
            } catch (IOException e) {
                // Closed already.
            }
        });
        waiters.shutdownNow();
        try {
            docker.close();
        } catch (IOException e) {
            LOG.debug("closing the Docker client: {}", e.getMessage());
        }
    }

    private static final class Running {
        final String instanceId;
        final String containerId;
        final Instant startedAt;
        final NetworkIsolation.InstanceNetwork network;
        final String address;
        final boolean adopted;
        final java.util.concurrent.atomic.AtomicReference<InstanceListener> listener = new java.util.concurrent.atomic.AtomicReference<>();
        final CompletableFuture<Integer> ended = new CompletableFuture<>();
        volatile LineSplitter output;
        volatile Integer exitCode;
        volatile Instant endedAt;

        Running(String instanceId, String containerId, Instant startedAt, NetworkIsolation.InstanceNetwork network,
                String address, boolean adopted) {
            this.instanceId = instanceId;
            this.containerId = containerId;
            this.startedAt = startedAt;
            this.network = network;
            this.address = address;
            this.adopted = adopted;
        }
    }
}
