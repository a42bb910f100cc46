package dev.plinth.monitor.alerts;

import com.mongodb.MongoException;
import dev.plinth.contracts.events.Alert;
import dev.plinth.contracts.events.Topics;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.json.JsonMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import dev.plinth.kit.control.FailureLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * Takes alerts from {@code platform.alerts} (consumer group {@code monitor-alerts}, so with several
 * monitor processes each alert is stored once) into the {@link AlertStore}. A record with the
 * {@link Alert#RESOLVES_HEADER} header resolves; any other raises. A new alert gets its app's owner
 * and goes to the {@link AlertWebhook}. While MongoDB fails, the record is polled again every 2 s
 * (alerts wait in Kafka); a record that cannot be read is skipped with a warning.
 */
@KafkaListener(groupId = "monitor-alerts", offsetReset = OffsetReset.EARLIEST, offsetStrategy = OffsetStrategy.SYNC_PER_RECORD,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_ON_ERROR, retryDelay = "2s", retryCount = Integer.MAX_VALUE))
public class AlertIngestListener {

    private static final Logger LOG = LoggerFactory.getLogger(AlertIngestListener.class);

    private final AlertStore store;
    private final AppOwners owners;
    private final AlertWebhook webhook;
    private final JsonMapper json;
    private final FailureLog failures = new FailureLog(LOG, "cannot store alerts in MongoDB; they wait in Kafka and are tried again every 2 s",
            "alerts are stored again");

    public AlertIngestListener(AlertStore store, AppOwners owners, AlertWebhook webhook, JsonMapper json) {
        this.store = store;
        this.owners = owners;
        this.webhook = webhook;
        this.json = json;
    }

    @Topic(Topics.ALERTS)
    void receive(ConsumerRecord<String, byte[]> record) {
        Alert alert = read(record);
        if (alert == null) {
            return;
        }
        try {
            if (record.headers().lastHeader(Alert.RESOLVES_HEADER) != null) {
                store.resolve(alert.kind(), alert.subject(), alert.timestamp(), alert.message());
            } else {
                String owner = alert.app() == null ? null : owners.ownerOf(alert.app());
                if (store.store(alert, owner) == AlertStore.Stored.NEW) {
                    store.find(alert.alertId()).ifPresent(webhook::submit);
                }
            }
        } catch (MongoException e) {
            failures.failed(e);
            throw e;
        }
        failures.recovered();
    }

    private Alert read(ConsumerRecord<String, byte[]> record) {
        try {
            Alert alert = json.readValue(record.value(), Alert.class);
            if (alert.alertId() == null || alert.kind() == null || alert.severity() == null || alert.subject() == null
                    || alert.timestamp() == null) {
                throw new IllegalArgumentException("alertId, kind, severity, subject and timestamp are required");
            }
            return alert;
        } catch (Exception e) {
            LOG.warn("skipped the record at offset {} of {}: it is no alert: {}", record.offset(), Topics.ALERTS, e.getMessage());
            return null;
        }
    }
}
