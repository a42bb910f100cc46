package dev.plinth.kit.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogShippingTest {

    private static Logger root() {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
    }

    @AfterEach
    void stop() {
        LogShipping.stop();
    }

    private static String unreachableKafka() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "127.0.0.1:" + socket.getLocalPort();
        }
    }

    @Test
    void installsOneAppenderOnTheRootLoggerAndRemovesIt() throws IOException {
        KafkaLogAppender first = LogShipping.start(unreachableKafka());
        KafkaLogAppender second = LogShipping.start(unreachableKafka());

        assertNotNull(second);
        assertFalse(first.isStarted(), "a second start replaces the first appender");
        assertSame(second, root().getAppender(LogShipping.APPENDER_NAME));
        assertTrue(second.isStarted());

        LogShipping.stop();

        assertNull(root().getAppender(LogShipping.APPENDER_NAME));
        assertFalse(second.isStarted());
    }
}
