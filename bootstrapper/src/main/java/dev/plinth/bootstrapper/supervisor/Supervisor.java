package dev.plinth.bootstrapper.supervisor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Starts the subsystems and agents of one JVM, stops them in reverse order, and can stop and start
 * one of them alone.
 */
public final class Supervisor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    private final List<SubsystemHost> hosts = new CopyOnWriteArrayList<>();

    /**
     * Starts hosts in parallel and waits for all of them.
     *
     * @param group the hosts to start
     * @throws IllegalStateException naming every host that failed; the others keep running
     */
    public void startAll(List<SubsystemHost> group) {
        hosts.addAll(group);
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        for (SubsystemHost host : group) {
            starts.add(CompletableFuture.runAsync(() -> {
                try {
                    host.start();
                } catch (RuntimeException e) {
                    LOG.error("{} failed to start", host.name(), e);
                    failures.add(host.name() + ": " + rootMessage(e));
                }
            }));
        }
        CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
        if (!failures.isEmpty()) {
            throw new IllegalStateException("failed to start " + String.join("; ", failures));
        }
    }

    /** @return the host of that name, if any */
    public Optional<SubsystemHost> host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
    }

    /** @return every host, in start order */
    public List<SubsystemHost> hosts() {
        return List.copyOf(hosts);
    }

    /** Stops everything, last started first. */
    @Override
    public void close() {
        List<SubsystemHost> reverse = new ArrayList<>(hosts);
        Collections.reverse(reverse);
        for (SubsystemHost host : reverse) {
            host.stop();
        }
    }

    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
