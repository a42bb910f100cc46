package dev.plinth.agent.logs;

import dev.plinth.contracts.events.LogRecord;
import dev.plinth.contracts.runtime.InstanceListener;
import dev.plinth.kit.control.FailureLog;
import dev.plinth.agent.AgentSettings;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends instances' stdout and stderr lines, and the agent's warnings about an instance, to
 * {@code platform.logs}. {@link #ship} only offers the line to a bounded queue, so an instance
 * writing faster than Kafka takes, or while Kafka is down, never waits: the line is dropped and
 * counted, and one warning says so per outage.
 */
@Singleton
public class LogShipper {

    private static final Logger LOG = LoggerFactory.getLogger(LogShipper.class);
    private static final int BATCH = 500;
    private static final long BATCH_WAIT_SECONDS = 15;

    private final LogRecordClient client;
    private final BlockingQueue<LogRecord> queue;
    private final AtomicLong shipped = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread sender;
    private volatile boolean running = true;
    private final FailureLog failures = new FailureLog(LOG, "cannot ship instance logs to Kafka; dropping lines until it answers",
            "instance logs reach Kafka again");
    // Only the sender thread reads and writes it.
    private long droppedAtOutageStart;

    @Inject
    public LogShipper(LogRecordClient client, AgentSettings settings) {
        this(client, settings.logQueueCapacity());
    }

    /**
     * @param client   where records go
     * @param capacity how many records may wait
     */
    public LogShipper(LogRecordClient client, int capacity) {
        this.client = client;
        this.queue = new ArrayBlockingQueue<>(Math.max(16, capacity));
        this.sender = new Thread(this::run, "agent-log-shipper");
        sender.setDaemon(true);
        sender.start();
    }

    /**
     * Queues one line an instance wrote: stdout at INFO, stderr at WARN.
     *
     * @param app        the instance's app
     * @param instanceId the instance; also the record's source name
     * @param nodeId     the node it runs on
     * @param stream     where the line came from
     * @param line       the line
     */
    public void instanceLine(String app, String instanceId, String nodeId, InstanceListener.Stream stream, String line) {
        String level = stream == InstanceListener.Stream.STDERR ? "WARN" : "INFO";
        ship(new LogRecord(Instant.now(), LogRecord.SourceKind.INSTANCE, instanceId, app, instanceId, nodeId, level, line));
    }

    /**
     * Queues something the agent has to say about an instance, as a missing sandbox.
     *
     * @param agentName  the agent, as {@code agent-node-1}; the record's source name
     * @param app        the instance's app
     * @param instanceId the instance
     * @param nodeId     the node
     * @param level      WARN, ERROR, INFO
     * @param message    the line
     */
    public void agentLine(String agentName, String app, String instanceId, String nodeId, String level, String message) {
        ship(new LogRecord(Instant.now(), LogRecord.SourceKind.AGENT, agentName, app, instanceId, nodeId, level, message));
    }

    /** Queues a record, or drops and counts it when the queue is full. Never blocks. */
    public void ship(LogRecord record) {
        if (!running || !queue.offer(record)) {
            dropped.incrementAndGet();
        }
    }

    /** @return records Kafka acknowledged */
    public long shipped() {
        return shipped.get();
    }

    /** @return records dropped because the queue was full or Kafka failed them */
    public long dropped() {
        return dropped.get();
    }

    private void run() {
        List<LogRecord> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                LogRecord first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                send(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void send(List<LogRecord> batch) throws InterruptedException {
        List<CompletableFuture<?>> pending = new ArrayList<>(batch.size());
        String failure = null;
        for (LogRecord record : batch) {
            CompletableFuture<?> sent;
            try {
                sent = client.send(record.sourceName(), record);
            } catch (RuntimeException e) {
                failure = String.valueOf(e.getMessage());
                break;
            }
            // The producer fails a record at once when it cannot even find the topic's leader (after
            // max.block.ms): then the rest of the batch would fail the same way, one wait each.
            if (sent.isCompletedExceptionally()) {
                failure = describe(sent);
                break;
            }
            pending.add(sent);
        }
        long acknowledged = 0;
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(BATCH_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            failure = failure == null ? String.valueOf(e.getMessage()) : failure;
        }
        for (CompletableFuture<?> sent : pending) {
            if (sent.isDone() && !sent.isCompletedExceptionally()) {
                acknowledged++;
            }
        }
        long lost = batch.size() - acknowledged;
        shipped.addAndGet(acknowledged);
        dropped.addAndGet(lost);
        if (failure == null && lost == 0) {
            failures.recovered(() -> (dropped.get() - droppedAtOutageStart) + " line(s) were dropped meanwhile");
        } else if (failures.failed(failure == null ? lost + " line(s) not acknowledged" : failure)) {
            // Whatever Kafka did not take is lost: a line is not worth blocking an instance for.
            droppedAtOutageStart = dropped.get() - lost;
        }
    }

    private static String describe(CompletableFuture<?> failed) {
        try {
            failed.getNow(null);
            return "failed";
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return String.valueOf(cause.getMessage());
        }
    }

    /** Sends what is queued (for up to a few seconds), then stops the sender. */
    @PreDestroy
    public void close() {
        running = false;
        try {
            sender.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.interrupt();
        if (dropped.get() > 0) {
            LOG.info("instance log lines dropped since start: {}", dropped.get());
        }
    }
}
