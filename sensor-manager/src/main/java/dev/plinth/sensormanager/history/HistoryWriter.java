package dev.plinth.sensormanager.history;

import com.mongodb.MongoException;
import dev.plinth.contracts.events.SensorReading;
import dev.plinth.contracts.events.Topics;
import dev.plinth.sensormanager.SensorMetrics;
import dev.plinth.sensormanager.ingest.ReadingJson;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import dev.plinth.kit.control.FailureLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Stores accepted readings from {@code sensor.readings} (group {@code sensor-history}) in batches, one
 * insert per poll. Offsets are committed after a batch is stored; when MongoDB fails the batch is
 * polled again every couple of seconds (readings wait in Kafka). A reading stored twice (a batch
 * delivered again) keeps one copy: its id is the document id.
 */
@KafkaListener(groupId = "sensor-history", batch = true, offsetReset = OffsetReset.EARLIEST, offsetStrategy = OffsetStrategy.SYNC,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_ON_ERROR, retryDelay = "2s", retryCount = Integer.MAX_VALUE))
public class HistoryWriter {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryWriter.class);

    private final ReadingStore store;
    private final SensorMetrics metrics;
    private final FailureLog failures = new FailureLog(LOG, "cannot store readings in MongoDB; they wait in Kafka and are tried again every 2 s",
            "readings are stored in MongoDB again");

    public HistoryWriter(ReadingStore store, SensorMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    @Topic(Topics.SENSOR_READINGS)
    void receive(List<ConsumerRecord<String, byte[]>> records) {
        List<SensorReading> batch = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                batch.add(ReadingJson.read(record.value()));
            } catch (IllegalArgumentException e) {
                LOG.warn("skipped an unreadable record on {} (partition {} offset {}): {}", Topics.SENSOR_READINGS,
                        record.partition(), record.offset(), e.getMessage());
            }
        }
        try {
            metrics.stored(store.insert(batch));
            failures.recovered();
        } catch (MongoException e) {
            failures.failed(e);
            throw e;
        }
    }
}
