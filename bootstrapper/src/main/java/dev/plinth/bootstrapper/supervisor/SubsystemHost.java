package dev.plinth.bootstrapper.supervisor;

import dev.plinth.kit.net.FreePorts;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One subsystem (or node agent) in its own Micronaut application context: its own beans, its own
 * Kafka and MongoDB clients and, for subsystems, its own HTTP port on loopback. The same context
 * runs in its own process with {@code plinth service NAME}; in {@code plinth up} several share a
 * JVM and nothing else. A host can be stopped and started again on the same port.
 */
public final class SubsystemHost {

    private static final Logger LOG = LoggerFactory.getLogger(SubsystemHost.class);

    /** How long a start waits for its port to be released by the previous run. */
    static final Duration PORT_RELEASE = Duration.ofSeconds(15);

    private final String name;
    private final String[] environments;
    private final Map<String, Object> properties;
    private final boolean serveHttp;
    private final int port;
    private volatile ApplicationContext context;
    private volatile Instant startedAt;
    private volatile int starts;

    /**
     * @param name         the subsystem, as {@code deployer}, or {@code agent-node-1}
     * @param environments Micronaut environments to activate
     * @param properties   the context's configuration
     * @param serveHttp    whether to start its HTTP server
     * @param port         its HTTP port, when it serves HTTP
     */
    public SubsystemHost(String name, String[] environments, Map<String, Object> properties, boolean serveHttp, int port) {
        this.name = name;
        this.environments = environments.clone();
        this.properties = new HashMap<>(properties);
        this.serveHttp = serveHttp;
        this.port = port;
    }

    public String name() {
        return name;
    }

    /** @return where its HTTP API listens, or null when it serves none */
    public URI url() {
        return serveHttp ? URI.create("http://127.0.0.1:" + port) : null;
    }

    /** Starts the context (and its HTTP server); a started host is left alone. */
    public synchronized void start() {
        if (running()) {
            return;
        }
        long begin = System.nanoTime();
        if (serveHttp) {
            if (!awaitPortFree(port, PORT_RELEASE)) {
                LOG.warn("{}: port {} is still taken after {} s; starting anyway", name, port, PORT_RELEASE.toSeconds());
            }
        }
        ApplicationContext ctx = ApplicationContext.builder()
                .environments(environments)
                .deduceEnvironment(false)
                .deduceCloudEnvironment(false)
                .banner(false)
                .properties(properties)
                .start();
        try {
            if (serveHttp) {
                ctx.getBean(EmbeddedServer.class).start();
            }
        } catch (RuntimeException e) {
            ctx.close();
            throw e;
        }
        context = ctx;
        startedAt = Instant.now();
        starts++;
        LOG.info("{} started in {} ms{}", name, Duration.ofNanos(System.nanoTime() - begin).toMillis(),
                serveHttp ? " on " + url() : "");
    }

    /**
     * Waits until a port can be bound on loopback: after a stop, the server's event loops let go of
     * the listening socket shortly after the context has closed (a graceful shutdown with a quiet
     * period), and a start in that moment would fail.
     *
     * @return whether the port was free before the timeout
     */
    static boolean awaitPortFree(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!FreePorts.available("127.0.0.1", port)) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Stops the context; a stopped host is left alone. */
    public synchronized void stop() {
        ApplicationContext ctx = context;
        context = null;
        if (ctx != null) {
            try {
                ctx.close();
            } catch (RuntimeException e) {
                LOG.warn("{} did not stop cleanly: {}", name, e.getMessage());
            }
            LOG.info("{} stopped", name);
        }
    }

    /** @return whether the context is up */
    public boolean running() {
        ApplicationContext ctx = context;
        return ctx != null && ctx.isRunning();
    }

    /** @return the running context, or null */
    public ApplicationContext context() {
        return context;
    }

    /** @return when it was last started, or null */
    public Instant startedAt() {
        return startedAt;
    }

    /** @return how many times it has been started */
    public int starts() {
        return starts;
    }
}
