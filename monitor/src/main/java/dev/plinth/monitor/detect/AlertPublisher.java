package dev.plinth.monitor.detect;

import dev.plinth.contracts.events.Alert;
import dev.plinth.kit.heartbeat.KafkaLink;
import jakarta.inject.Singleton;
import dev.plinth.kit.control.FailureLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.UUID;

/**
 * How detectors raise and resolve: on {@code platform.alerts}, like everyone else, so the store
 * sees raises and resolutions of one subject in the order they were decided (the topic has one
 * partition and is keyed by subject). Each call waits for Kafka and says whether it got through; a
 * detector changes its own state only when it did, and so tries again at its next pass.
 */
@Singleton
public class AlertPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(AlertPublisher.class);

    private final AlertClient client;
    private final KafkaLink link;
    private final FailureLog failures = new FailureLog(LOG, "cannot publish alerts, detectors try again at their next pass",
            "alerts reach Kafka again");

    public AlertPublisher(AlertClient client, KafkaLink link) {
        this.client = client;
        this.link = link;
    }

    /** @return whether Kafka took the alert */
    public boolean raise(Alert.Kind kind, Alert.Severity severity, String subject, String app, String message, Instant at) {
        Alert alert = new Alert(UUID.randomUUID().toString(), kind, severity, subject, app, message, at);
        return send(alert, false);
    }

    /** @return whether Kafka took the resolution */
    public boolean resolve(Alert.Kind kind, String subject, String app, String message, Instant at) {
        Alert alert = new Alert(UUID.randomUUID().toString(), kind, Alert.Severity.INFO, subject, app, message, at);
        return send(alert, true);
    }

    private boolean send(Alert alert, boolean resolution) {
        try {
            if (resolution) {
                client.resolve(alert.subject(), alert, "true");
            } else {
                client.raise(alert.subject(), alert);
            }
            link.delivered();
            failures.recovered();
            LOG.info("{} {} {}: {}", resolution ? "resolved" : "raised", alert.kind(), alert.subject(), alert.message());
            return true;
        } catch (RuntimeException e) {
            link.failed(String.valueOf(e.getMessage()));
            failures.failed(e);
            return false;
        }
    }
}
