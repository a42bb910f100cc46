package dev.plinth.kit.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.plinth.kit.kafka.KafkaCredentials;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Installs the {@link KafkaLogAppender} on the root logger of this process, and removes it. The
 * bootstrapper calls {@link #start} once Kafka is known and {@link #stop} before Kafka stops.
 * The lowest level shipped is the system property {@code plinth.logs.ship-level} (default INFO).
 */
public final class LogShipping {

    /** The appender's name on the root logger. */
    public static final String APPENDER_NAME = "PLINTH_KAFKA";
    /** The system property holding the lowest level shipped. */
    public static final String LEVEL_PROPERTY = "plinth.logs.ship-level";

    private LogShipping() {
    }

    /**
     * Ships this process's log lines to Kafka from now on; a previous installation is replaced.
     *
     * @param bootstrapServers the Kafka cluster
     * @return the running appender, or null when logback is not the logging backend or the
     *         appender cannot start (the reason is logged; the platform runs on without shipping)
     */
    public static KafkaLogAppender start(String bootstrapServers) {
        return start(bootstrapServers, KafkaCredentials.NONE);
    }

    /**
     * Ships this process's log lines to Kafka from now on; a previous installation is replaced.
     *
     * @param bootstrapServers the Kafka cluster
     * @param credentials      how the shipper signs in
     * @return the running appender, or null when logback is not the logging backend or the
     *         appender cannot start (the reason is logged; the platform runs on without shipping)
     */
    public static synchronized KafkaLogAppender start(String bootstrapServers, KafkaCredentials credentials) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        org.slf4j.Logger log = LoggerFactory.getLogger(LogShipping.class);
        if (!(factory instanceof LoggerContext context)) {
            log.warn("log lines are not shipped to Kafka: the logging backend is {}, not logback", factory.getClass().getName());
            return null;
        }
        stop();
        KafkaLogAppender appender = new KafkaLogAppender();
        appender.setContext(context);
        appender.setName(APPENDER_NAME);
        appender.setBootstrapServers(bootstrapServers);
        appender.setCredentials(credentials);
        appender.setThreshold(System.getProperty(LEVEL_PROPERTY, "INFO"));
        appender.start();
        if (!appender.isStarted()) {
            log.warn("log lines are not shipped to Kafka at {}: the appender did not start (see logback's status)", bootstrapServers);
            return null;
        }
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        log.info("shipping log lines to Kafka at {}", bootstrapServers);
        return appender;
    }

    /** Stops shipping: detaches the appender and closes its producer, flushing what it can. */
    public static synchronized void stop() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> appender = root.getAppender(APPENDER_NAME);
        if (appender != null) {
            root.detachAppender(appender);
            appender.stop();
        }
    }
}
