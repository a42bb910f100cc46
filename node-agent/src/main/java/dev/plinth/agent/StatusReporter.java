package dev.plinth.agent;

import dev.plinth.contracts.events.InstanceStatus;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import dev.plinth.kit.control.FailureLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends instance status changes to {@code instance.status} at once, in the order they happened,
 * from one thread so that a slow Kafka never holds up the instance it reports on. A change Kafka
 * does not take is kept (only the newest per instance: it supersedes older ones) and sent again
 * every few seconds until it is.
 */
@Singleton
public class StatusReporter {

    private static final Logger LOG = LoggerFactory.getLogger(StatusReporter.class);
    private static final long RETRY_SECONDS = 5;

    private final InstanceStatusClient client;
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "agent-status");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, InstanceStatus> unsent = new ConcurrentHashMap<>();
    private final FailureLog failures = new FailureLog(LOG, "cannot publish instance status, will retry every " + RETRY_SECONDS + " s",
            "instance status reaches Kafka again");

    public StatusReporter(InstanceStatusClient client) {
        this.client = client;
        sender.scheduleWithFixedDelay(this::retry, RETRY_SECONDS, RETRY_SECONDS, TimeUnit.SECONDS);
    }

    /** Queues a status for sending; returns at once. */
    public void report(InstanceStatus status) {
        LOG.info("instance {} is {}{}", status.instanceId(), status.state(),
                status.message() == null ? "" : ": " + status.message());
        try {
            sender.execute(() -> send(status));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.warn("status of {} not sent: the agent is stopping", status.instanceId());
        }
    }

    private void send(InstanceStatus status) {
        try {
            client.send(status.instanceId(), status);
            unsent.computeIfPresent(status.instanceId(),
                    (id, kept) -> kept.timestamp().isAfter(status.timestamp()) ? kept : null);
            failures.recovered();
        } catch (RuntimeException e) {
            unsent.merge(status.instanceId(), status,
                    (kept, now) -> now.timestamp().isBefore(kept.timestamp()) ? kept : now);
            failures.failed(e);
        }
    }

    private void retry() {
        for (InstanceStatus status : unsent.values()) {
            send(status);
        }
    }

    /**
     * Waits until what is queued now has been sent or failed.
     *
     * @param timeoutMillis how long to wait at most
     */
    public void flush(long timeoutMillis) {
        try {
            sender.submit(() -> { }).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.debug("flushing status reports: {}", e.toString());
        }
    }

    @PreDestroy
    void close() {
        flush(5000);
        sender.shutdownNow();
        if (!unsent.isEmpty()) {
            LOG.warn("{} instance status report(s) could not be sent before the agent stopped", unsent.size());
        }
    }
}
