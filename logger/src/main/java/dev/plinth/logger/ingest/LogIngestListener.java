package dev.plinth.logger.ingest;

import com.mongodb.MongoException;
import dev.plinth.contracts.events.LogRecord;
import dev.plinth.contracts.events.Topics;
import dev.plinth.logger.store.LogStore;
import dev.plinth.logger.store.StoredLog;
import dev.plinth.logger.tail.LogBroadcaster;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.json.JsonMapper;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Takes log records from {@code platform.logs} in batches and stores them. Offsets are committed
 * only after a batch is stored; when MongoDB fails, the batch is polled again every couple of
 * seconds until it can be stored (the lines wait in Kafka meanwhile). Each record is stored under
 * an id made of its partition, offset and timestamp, so a batch delivered twice is stored once.
 * Records that cannot be read are skipped and counted.
 */
@KafkaListener(groupId = "logger", batch = true, offsetReset = OffsetReset.EARLIEST, offsetStrategy = OffsetStrategy.SYNC,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_ON_ERROR, retryDelay = "2s", retryCount = Integer.MAX_VALUE))
public class LogIngestListener {

    private static final Logger LOG = LoggerFactory.getLogger(LogIngestListener.class);
    private static final Duration REJECTION_REPORT_INTERVAL = Duration.ofMinutes(1);

    private final LogStore store;
    private final JsonMapper json;
    private final LogBroadcaster broadcaster;
    private final IngestionStats stats;
    private Instant lastRejectionReport = Instant.EPOCH;
    private long rejectedSinceReport;
    private String rejectionSinceReport;

    public LogIngestListener(LogStore store, JsonMapper json, LogBroadcaster broadcaster, IngestionStats stats) {
        this.store = store;
        this.json = json;
        this.broadcaster = broadcaster;
        this.stats = stats;
    }

    @Topic(Topics.PLATFORM_LOGS)
    void receive(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
        Instant receivedAt = Instant.now();
        List<StoredLog> batch = new ArrayList<>(records.size());
        int unreadable = 0;
        String firstProblem = null;
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                LogRecord log = json.readValue(record.value(), LogRecord.class);
                batch.add(StoredLog.of(idOf(record), log, receivedAt));
            } catch (Exception e) {
                unreadable++;
                if (firstProblem == null) {
                    firstProblem = "partition " + record.partition() + " offset " + record.offset() + ": " + e.getMessage();
                }
            }
        }
        LogStore.Inserted result;
        try {
            result = store.insert(batch);
        } catch (MongoException e) {
            if (stats.batchFailed(String.valueOf(e.getMessage()))) {
                LOG.warn("cannot store log lines in MongoDB; they wait in Kafka and are tried again every 2 s: {}", e.getMessage());
            }
            throw e;
        }
        if (stats.failure() != null) {
            LOG.info("log lines are stored again");
        }
        stats.batchStored(records.size(), result.stored().size(), result.duplicates(), result.rejected() + unreadable, lag(consumer));
        reportRejections(unreadable + result.rejected(), firstProblem != null ? firstProblem : result.firstRejection());
        broadcaster.publish(result.stored());
    }

    /** The same Kafka record always gets the same id; a re-created topic's offsets differ in time. */
    static String idOf(ConsumerRecord<?, ?> record) {
        return record.partition() + "-" + record.offset() + "-" + record.timestamp();
    }

    /** At most one warning a minute, so a stream of bad records cannot flood the log it feeds. */
    private void reportRejections(int rejected, String why) {
        if (rejected == 0 && rejectedSinceReport == 0) {
            return;
        }
        rejectedSinceReport += rejected;
        if (rejectionSinceReport == null) {
            rejectionSinceReport = why;
        }
        Instant now = Instant.now();
        if (Duration.between(lastRejectionReport, now).compareTo(REJECTION_REPORT_INTERVAL) >= 0) {
            LOG.warn("skipped {} log record(s) on {} that could not be read or stored; the first: {}",
                    rejectedSinceReport, Topics.PLATFORM_LOGS, rejectionSinceReport);
            lastRejectionReport = now;
            rejectedSinceReport = 0;
            rejectionSinceReport = null;
        }
    }

    /** Records not yet consumed, from what the consumer already knows (no request to Kafka). */
    private static Long lag(Consumer<?, ?> consumer) {
        long total = 0;
        boolean known = false;
        for (TopicPartition partition : consumer.assignment()) {
            OptionalLong lag = consumer.currentLag(partition);
            if (lag.isPresent()) {
                total += lag.getAsLong();
                known = true;
            }
        }
        return known ? total : null;
    }
}
