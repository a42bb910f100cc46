package dev.plinth.kit.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.plinth.contracts.events.LogRecord;
import dev.plinth.contracts.events.LogRecord.SourceKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaLogAppenderTest {

    private LoggerContext loggers;
    private KafkaLogAppender appender;
    private ListAppender<ILoggingEvent> local;

    @BeforeEach
    void loggers() {
        loggers = new LoggerContext();
        // Share SLF4J's MDC, as the process's own logger context does.
        loggers.setMDCAdapter(MDC.getMDCAdapter());
        loggers.start();
        local = new ListAppender<>();
        local.setContext(loggers);
        local.start();
        loggers.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(local);
    }

    @AfterEach
    void stop() {
        if (appender != null) {
            appender.stop();
        }
        loggers.stop();
    }

    /** A loopback port nothing listens on: connections are refused at once. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private KafkaLogAppender startAppender(int queueCapacity) throws IOException {
        appender = new KafkaLogAppender();
        appender.setContext(loggers);
        appender.setName("kafka");
        appender.setBootstrapServers("127.0.0.1:" + closedPort());
        appender.setQueueCapacity(queueCapacity);
        appender.setStopTimeout(Duration.ofMillis(500));
        appender.start();
        assertTrue(appender.isStarted());
        loggers.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        return appender;
    }

    @Test
    void dropsAndCountsInsteadOfBlockingWhenKafkaIsUnreachable() throws IOException {
        KafkaLogAppender shipper = startAppender(100);
        Logger logger = loggers.getLogger("dev.plinth.deployer.Reconciler");

        for (int i = 0; i < 10_000; i++) {
            logger.info("line {}", i);
        }

        // At most the queue and the one record the sender holds can still be waiting.
        assertTrue(shipper.dropped() >= 10_000 - 100 - 1, "dropped " + shipper.dropped());
        assertEquals(0, shipper.delivered());
        assertTrue(shipper.inOutage());
        long warnings = local.list.stream()
                .filter(e -> e.getLoggerName().equals(KafkaLogAppender.class.getName()) && e.getLevel() == Level.WARN)
                .count();
        assertEquals(1, warnings, "one local warning per outage");

        shipper.stop();

        assertEquals(10_000, shipper.dropped(), "whatever was still queued at stop is dropped too");
    }

    @Test
    void shipsOnlyAtOrAboveTheThresholdAndNeverKafkasOwnLines() throws IOException {
        KafkaLogAppender shipper = startAppender(10_000);
        shipper.setThreshold("WARN");

        loggers.getLogger("dev.plinth.monitor.Alerts").info("below the threshold");
        loggers.getLogger("org.apache.kafka.clients.NetworkClient").warn("Connection to node -1 could not be established");
        loggers.getLogger("kafka.server.BrokerServer").error("broker trouble");
        loggers.getLogger(KafkaLogAppender.class.getName()).warn("about shipping");

        shipper.stop();

        assertEquals(0, shipper.dropped() + shipper.delivered(), "nothing was even queued");
    }

    @Test
    void turnsAnEventIntoARecordOfItsSource() throws IOException {
        KafkaLogAppender shipper = startAppender(10);
        shipper.setMaxMessageChars(200);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.setContext(loggers);
        events.start();
        Logger agent = loggers.getLogger("dev.plinth.agent.AgentNode");
        agent.addAppender(events);

        MDC.put(LogSource.NODE_MDC_KEY, "node-3");
        try {
            agent.error("instance {} failed", "speed-alert-1", new IllegalStateException("boom"));
            agent.warn("x".repeat(500));
        } finally {
            MDC.remove(LogSource.NODE_MDC_KEY);
        }

        LogRecord failed = shipper.toRecord(events.list.get(0));
        assertEquals(SourceKind.AGENT, failed.sourceKind());
        assertEquals("node-3", failed.sourceName());
        assertEquals("node-3", failed.nodeId());
        assertEquals("ERROR", failed.level());
        assertEquals(events.list.get(0).getInstant(), failed.time());
        assertTrue(failed.message().startsWith("instance speed-alert-1 failed"), failed.message());
        assertTrue(failed.message().contains("IllegalStateException: boom"), failed.message());
        LogRecord longLine = shipper.toRecord(events.list.get(1));
        assertTrue(longLine.message().startsWith("x".repeat(200) + " … [300 more characters]"), longLine.message());
    }
}
