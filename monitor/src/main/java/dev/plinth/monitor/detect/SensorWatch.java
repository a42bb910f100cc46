package dev.plinth.monitor.detect;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.plinth.contracts.events.Alert;
import dev.plinth.contracts.state.Collections;
import dev.plinth.contracts.state.DeviceDocument;
import dev.plinth.kit.control.FailureLog;
import dev.plinth.monitor.alerts.AlertStore;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * SENSOR_SILENT (WARNING, subject {@code device/ID}): every {@code plinth.monitor.sensor-check-interval}
 * the sensors in sensor-manager's {@code devices} collection ({@code kind: sensor}, with
 * {@code expectedPeriodSeconds} and {@code lastSeenAt}) are judged by {@link SensorSilenceRule}.
 * A sensor that never sent is not silent (it may not be installed yet). Resolved when it is seen
 * again, or when it is no longer registered. Which sensors are alerted is read from the store at
 * the first pass, so a restarted monitor resolves what it did not raise.
 */
@Singleton
public class SensorWatch {

    private static final Logger LOG = LoggerFactory.getLogger(SensorWatch.class);

    /** The subject prefix of device alerts. */
    public static final String DEVICE_PREFIX = "device/";

    private final MongoCollection<Document> devices;
    private final DetectorSettings settings;
    private final AlertPublisher publisher;
    private final AlertStore store;
    private final Clock clock = Clock.systemUTC();
    private Set<String> alerting;
    private final FailureLog failures = new FailureLog(LOG, "cannot check sensors for silence", "sensors can be checked for silence again");

    public SensorWatch(MongoDatabase database,
                       DetectorSettings settings, AlertPublisher publisher, AlertStore store) {
        this.devices = database.getCollection(Collections.DEVICES);
        this.settings = settings;
        this.publisher = publisher;
        this.store = store;
    }

    @Scheduled(fixedDelay = "${plinth.monitor.sensor-check-interval:5s}", initialDelay = "3s")
    synchronized void check() {
        Map<String, SensorSilenceRule.Sensor> sensors;
        try {
            if (alerting == null) {
                Set<String> seeded = new HashSet<>();
                for (String subject : store.unresolvedSubjects(Alert.Kind.SENSOR_SILENT)) {
                    if (subject.startsWith(DEVICE_PREFIX)) {
                        seeded.add(subject.substring(DEVICE_PREFIX.length()));
                    }
                }
                alerting = seeded;
            }
            sensors = sensors();
            failures.recovered();
        } catch (RuntimeException e) {
            failures.failed(e);
            return;
        }
        Instant now = clock.instant();
        SensorSilenceRule.Changes changes = SensorSilenceRule.judge(sensors, alerting, now,
                settings.sensorSilentPeriods(), settings.sensorSilentMin());
        for (String id : changes.raise()) {
            SensorSilenceRule.Sensor sensor = sensors.get(id);
            String message = "sensor " + id + " sent nothing for " + Duration.between(sensor.lastSeenAt(), now).toSeconds()
                    + " s (expected every " + sensor.expectedPeriodSeconds() + " s)";
            if (publisher.raise(Alert.Kind.SENSOR_SILENT, Alert.Severity.WARNING, DEVICE_PREFIX + id, null, message, now)) {
                alerting.add(id);
            }
        }
        for (String id : changes.resolve()) {
            String message = sensors.containsKey(id) ? "sensor " + id + " sends again" : "device " + id + " is no longer registered";
            if (publisher.resolve(Alert.Kind.SENSOR_SILENT, DEVICE_PREFIX + id, null, message, now)) {
                alerting.remove(id);
            }
        }
    }

    private Map<String, SensorSilenceRule.Sensor> sensors() {
        Map<String, SensorSilenceRule.Sensor> sensors = new HashMap<>();
        for (Document doc : devices.find(Filters.eq(DeviceDocument.KIND, DeviceDocument.SENSOR))
                .projection(Projections.include(DeviceDocument.EXPECTED_PERIOD_SECONDS, DeviceDocument.LAST_SEEN_AT))) {
            DeviceDocument sensor = DeviceDocument.read(doc);
            Integer period = sensor.expectedPeriodSeconds();
            sensors.put(sensor.id(), new SensorSilenceRule.Sensor(sensor.id(), period == null ? 0 : period, sensor.lastSeenAt()));
        }
        return sensors;
    }
}
