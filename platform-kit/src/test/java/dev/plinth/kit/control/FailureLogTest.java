package dev.plinth.kit.control;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailureLogTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger("failure-log-test");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void listen() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(lines);
    }

    private List<String> logged() {
        return lines.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    @Test
    void logsOnceWhileFailingAndOnceWhenItRecovers() {
        FailureLog log = new FailureLog(logger, "the scheduler cannot reach MongoDB", "the scheduler reaches MongoDB again");

        assertFalse(log.recovered(), "nothing to recover from yet");
        assertTrue(log.failed(new IllegalStateException("timed out")));
        assertFalse(log.failed(new IllegalStateException("timed out again")));
        assertFalse(log.failed("still down"));
        assertTrue(log.failing());
        assertTrue(log.recovered());
        assertFalse(log.recovered());
        assertFalse(log.failing());
        assertTrue(log.failed(new IllegalStateException()), "a new run of failures is logged again");

        assertEquals(List.of(
                "WARN the scheduler cannot reach MongoDB: timed out",
                "INFO the scheduler reaches MongoDB again",
                "WARN the scheduler cannot reach MongoDB: IllegalStateException"), logged());
        assertEquals(Level.WARN, lines.list.get(0).getLevel());
    }

    @Test
    void saysWhatWasLostWhenItRecoversAndAsksForItOnlyThen() {
        FailureLog log = new FailureLog(logger, "cannot ship logs to Kafka", "logs reach Kafka again");
        AtomicInteger asked = new AtomicInteger();
        Supplier<String> lost = () -> asked.incrementAndGet() + " line(s) were dropped meanwhile";

        assertFalse(log.recovered(lost), "nothing to recover from yet");
        log.failed("timed out");
        assertTrue(log.recovered(lost));
        assertFalse(log.recovered(lost));

        assertEquals(1, asked.get(), "the detail is worked out only for the line that says it");
        assertEquals(List.of(
                "WARN cannot ship logs to Kafka: timed out",
                "INFO logs reach Kafka again; 1 line(s) were dropped meanwhile"), logged());
    }
}
