package dev.plinth.agent.logs;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.plinth.contracts.events.LogRecord;
import dev.plinth.contracts.runtime.InstanceListener;
import dev.plinth.testkit.wait.Waits;
import java.time.Duration;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogShipperTest {

    @Test
    void shipsInstanceLinesWithTheirLevelAndSource() throws Exception {
        List<LogRecord> sent = new CopyOnWriteArrayList<>();
        LogShipper shipper = new LogShipper((key, record) -> {
            sent.add(record);
            return CompletableFuture.completedFuture(null);
        }, 100);

        shipper.instanceLine("shop", "shop-1", "node-1", InstanceListener.Stream.STDOUT, "hello");
        shipper.instanceLine("shop", "shop-1", "node-1", InstanceListener.Stream.STDERR, "oops");
        shipper.agentLine("agent-node-1", "shop", "shop-1", "node-1", "WARN", "no sandbox");
        await(() -> shipper.shipped() == 3);
        shipper.close();

        assertEquals(List.of("INFO hello INSTANCE shop-1", "WARN oops INSTANCE shop-1", "WARN no sandbox AGENT agent-node-1"),
                sent.stream().map(r -> r.level() + " " + r.message() + " " + r.sourceKind() + " " + r.sourceName()).toList());
        assertTrue(sent.stream().allMatch(r -> "shop".equals(r.app()) && "shop-1".equals(r.instanceId())
                && "node-1".equals(r.nodeId())));
    }

    @Test
    void whenKafkaFailsTheLinesAreDroppedAndCountedWithoutTryingEachOne() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch offered = new CountDownLatch(1);
        LogShipper shipper = new LogShipper((key, record) -> {
            // The first attempt waits until every line is queued, so the batches do not depend on
            // how fast this machine schedules the sender against the loop below.
            if (attempts.incrementAndGet() == 1) {
                try {
                    offered.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return CompletableFuture.<RecordMetadata>failedFuture(new TimeoutException("topic not present in metadata"));
        }, 1000);

        for (int i = 0; i < 300; i++) {
            shipper.instanceLine("shop", "shop-1", "node-1", InstanceListener.Stream.STDOUT, "line " + i);
        }
        offered.countDown();
        await(() -> shipper.dropped() == 300);
        shipper.close();

        assertEquals(0, shipper.shipped());
        assertTrue(attempts.get() < 20, "one attempt per batch, not per line: " + attempts.get());
    }

    @Test
    void neverBlocksTheInstanceWhenTheQueueIsFull() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        LogShipper shipper = new LogShipper((key, record) -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CompletableFuture.completedFuture(null);
        }, 16);

        // The sender is stuck; offering must still finish (it would hang until the release otherwise).
        CompletableFuture<Void> offering = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 1000; i++) {
                shipper.instanceLine("shop", "shop-1", "node-1", InstanceListener.Stream.STDOUT, "line " + i);
            }
        });
        offering.get(5, TimeUnit.SECONDS);
        release.countDown();
        shipper.close();

        // At most the queue (16) and what the sender took before it got stuck got through.
        assertTrue(shipper.dropped() >= 900 && shipper.dropped() < 1000, "dropped " + shipper.dropped());
    }

    @Test
    void anOutageIsLoggedOnceAndItsEndSaysHowManyLinesWereDropped() {
        Logger logger = (Logger) LoggerFactory.getLogger(LogShipper.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        AtomicBoolean kafkaDown = new AtomicBoolean(true);
        LogShipper shipper = new LogShipper((key, record) -> kafkaDown.get()
                ? CompletableFuture.<RecordMetadata>failedFuture(new TimeoutException("topic not present in metadata"))
                : CompletableFuture.completedFuture(null), 100);
        try {
            // One line at a time, so each is a batch of its own and fails on its own.
            for (int i = 1; i <= 3; i++) {
                shipper.instanceLine("shop", "shop-1", "node-1", InstanceListener.Stream.STDOUT, "lost " + i);
                long dropped = i;
                await(() -> shipper.dropped() == dropped);
            }
            kafkaDown.set(false);
            shipper.instanceLine("shop", "shop-1", "node-1", InstanceListener.Stream.STDOUT, "through");
            await(() -> shipper.shipped() == 1);
        } finally {
            shipper.close();
            logger.detachAppender(lines);
        }

        assertEquals(List.of(
                "WARN cannot ship instance logs to Kafka; dropping lines until it answers: topic not present in metadata",
                "INFO instance logs reach Kafka again; 3 line(s) were dropped meanwhile",
                "INFO instance log lines dropped since start: 3"),
                lines.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList());
    }

    private static void await(BooleanSupplier condition) {
        Waits.untilTrue("the shipper's condition", Duration.ofSeconds(10), condition, () -> "condition not met in time");
    }
}
