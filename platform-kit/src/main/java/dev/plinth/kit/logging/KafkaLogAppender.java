package dev.plinth.kit.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import dev.plinth.contracts.events.LogRecord;
import dev.plinth.contracts.events.Topics;
import dev.plinth.kit.kafka.KafkaCredentials;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ships log events to Kafka ({@code platform.logs}) as {@link LogRecord}s of kind SUBSYSTEM or
 * AGENT, named by {@link LogSource} after the logger's package, keyed by that name.
 *
 * <p>The thread that logs only converts the event and offers it to a bounded queue; one sender
 * thread feeds the queue to a small producer of its own ({@code acks=1}, a short linger). So a slow
 * or absent Kafka never holds up the platform: when the queue is full or Kafka refuses a record,
 * the record is dropped and counted, and one local warning per outage says so (the console and
 * the log file still get every line). Events of the Kafka client and of this appender are never
 * shipped, so a failing producer cannot feed itself.</p>
 *
 * <p>Settings (setters, usable from logback XML): {@code bootstrapServers} (required),
 * {@code credentials} (from code; default none), {@code topic}, {@code threshold} (default INFO),
 * {@code queueCapacity} (default 8192), {@code maxMessageChars} (default 8192).</p>
 */
public class KafkaLogAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    /** Loggers whose events would loop back into the producer, or are Kafka's own chatter. */
    private static final List<String> IGNORED_LOGGERS = List.of(
            "org.apache.kafka", "kafka", "state.change.logger", KafkaLogAppender.class.getName());
    private static final String SENDER_THREAD = "plinth-log-shipper";
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private String bootstrapServers;
    private KafkaCredentials credentials = KafkaCredentials.NONE;
    private String topic = Topics.PLATFORM_LOGS;
    private Level threshold = Level.INFO;
    private int queueCapacity = 8192;
    private int maxMessageChars = 8192;
    private Duration stopTimeout = Duration.ofSeconds(3);

    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicBoolean outage = new AtomicBoolean();
    private final AtomicLong droppedBeforeOutage = new AtomicLong();
    private final String clientId = SENDER_THREAD + "-" + INSTANCES.incrementAndGet();
    private BlockingQueue<LogRecord> queue;
    private Producer<String, String> producer;
    private Thread sender;
    private volatile boolean stopping;
    private Logger localLog;

    public void setBootstrapServers(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** @param credentials how the producer signs in to Kafka (default: it does not) */
    public void setCredentials(KafkaCredentials credentials) {
        this.credentials = credentials == null ? KafkaCredentials.NONE : credentials;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    /** @param threshold the lowest level shipped, as {@code INFO} */
    public void setThreshold(String threshold) {
        this.threshold = Level.toLevel(threshold, Level.INFO);
    }

    public void setQueueCapacity(int queueCapacity) {
        this.queueCapacity = Math.max(1, queueCapacity);
    }

    public void setMaxMessageChars(int maxMessageChars) {
        this.maxMessageChars = Math.max(64, maxMessageChars);
    }

    /** @param stopTimeout how long {@link #stop()} may spend handing queued records to Kafka */
    public void setStopTimeout(Duration stopTimeout) {
        this.stopTimeout = stopTimeout;
    }

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            addError("KafkaLogAppender needs bootstrapServers");
            return;
        }
        queue = new ArrayBlockingQueue<>(queueCapacity);
        try {
            producer = new KafkaProducer<>(producerConfig());
        } catch (KafkaException e) {
            addError("cannot create the Kafka producer for log records: " + e.getMessage(), e);
            return;
        }
        localLog = getContext() instanceof LoggerContext loggers ? loggers.getLogger(KafkaLogAppender.class) : null;
        stopping = false;
        sender = new Thread(this::sendQueued, SENDER_THREAD);
        sender.setDaemon(true);
        sender.start();
        super.start();
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putAll(credentials.clientProperties());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "1");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 50);
        // Bounded waits: a missing broker costs the sender thread at most this long per record.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30000);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 8L * 1024 * 1024);
        config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5000);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return config;
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (!event.getLevel().isGreaterOrEqual(threshold) || isOwnOrKafkas(event)) {
            return;
        }
        if (!queue.offer(toRecord(event))) {
            drop("the queue of " + queueCapacity + " records waiting for Kafka is full");
        }
    }

    private boolean isOwnOrKafkas(ILoggingEvent event) {
        if (Thread.currentThread() == sender) {
            return true;
        }
        String name = event.getLoggerName();
        for (String ignored : IGNORED_LOGGERS) {
            if (name.equals(ignored) || name.startsWith(ignored + ".")) {
                return true;
            }
        }
        // The producer's I/O thread runs delivery callbacks; whatever it logs is about shipping.
        String thread = event.getThreadName();
        return thread != null && thread.endsWith(clientId);
    }

    /** Runs on the logging thread: cheap conversion only, no I/O. */
    LogRecord toRecord(ILoggingEvent event) {
        LogSource source = LogSource.of(event.getLoggerName(), event.getMDCPropertyMap());
        String message = event.getFormattedMessage();
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            message = (message == null ? "" : message) + System.lineSeparator() + ThrowableProxyUtil.asString(thrown);
        }
        return new LogRecord(event.getInstant(), source.kind(), source.name(), null, null, source.nodeId(),
                event.getLevel().toString(), truncate(message == null ? "" : message));
    }

    private String truncate(String message) {
        if (message.length() <= maxMessageChars) {
            return message;
        }
        int cut = maxMessageChars;
        if (Character.isHighSurrogate(message.charAt(cut - 1))) {
            cut--;
        }
        return message.substring(0, cut) + " … [" + (message.length() - cut) + " more characters]";
    }

    private void sendQueued() {
        while (!stopping || (!queue.isEmpty() && !outage.get())) {
            LogRecord record;
            try {
                record = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (record != null) {
                send(record);
            }
        }
        dropLeftovers();
    }

    private void send(LogRecord record) {
        try {
            producer.send(new ProducerRecord<>(topic, record.sourceName(), LogRecordJson.write(record)), (metadata, failure) -> {
                if (failure == null) {
                    acknowledged();
                } else {
                    drop(String.valueOf(failure.getMessage()));
                }
            });
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            drop("the log shipper was interrupted");
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // Errors of the API kind reach the callback; anything thrown here never got that far.
            drop(String.valueOf(e.getMessage()));
        }
    }

    private void drop(String why) {
        long total = dropped.incrementAndGet();
        if (outage.compareAndSet(false, true)) {
            droppedBeforeOutage.set(total - 1);
            if (localLog != null) {
                localLog.warn("cannot ship log records to Kafka at {}: {}; dropping them until it answers"
                        + " (they stay in the local log)", bootstrapServers, why);
            } else {
                addWarn("cannot ship log records to Kafka at " + bootstrapServers + ": " + why);
            }
        }
    }

    private void acknowledged() {
        delivered.incrementAndGet();
        if (outage.get() && outage.compareAndSet(true, false) && localLog != null) {
            localLog.info("log records reach Kafka again; {} were dropped meanwhile",
                    dropped.get() - droppedBeforeOutage.get());
        }
    }

    private void dropLeftovers() {
        List<LogRecord> left = new java.util.ArrayList<>();
        queue.drainTo(left);
        if (!left.isEmpty()) {
            dropped.addAndGet(left.size());
        }
    }

    /**
     * Stops taking events, hands what is queued to Kafka for up to the stop timeout (nothing when
     * Kafka is out), and closes the producer. Call it before Kafka stops.
     */
    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        stopping = true;
        try {
            sender.join(stopTimeout.toMillis());
            if (sender.isAlive()) {
                sender.interrupt();
                sender.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            producer.close(stopTimeout);
        } catch (RuntimeException e) {
            addWarn("the log producer did not close cleanly: " + e.getMessage());
        }
        dropLeftovers();
    }

    /** @return records dropped so far: queue full, Kafka unreachable or refusing, or left at stop */
    public long dropped() {
        return dropped.get();
    }

    /** @return records Kafka acknowledged so far */
    public long delivered() {
        return delivered.get();
    }

    /** @return whether records are being dropped now (since the last acknowledged one) */
    public boolean inOutage() {
        return outage.get();
    }
}
