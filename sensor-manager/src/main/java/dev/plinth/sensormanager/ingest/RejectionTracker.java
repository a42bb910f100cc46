package dev.plinth.sensormanager.ingest;

import dev.plinth.contracts.events.Alert;
import dev.plinth.sensormanager.SensorMetrics;
import dev.plinth.sensormanager.SensorSettings;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts refused readings per device id, registered or not, in windows of
 * {@code plinth.sensors.rejection-window}; the reading that reaches
 * {@code plinth.sensors.rejection-threshold} within a window raises one {@code UNREGISTERED_DEVICE}
 * alert (WARNING) for that device on {@code platform.alerts}. At most one alert per device and window,
 * so a broken device cannot flood the alerts.
 */
@Singleton
public class RejectionTracker {

    private static final Logger LOG = LoggerFactory.getLogger(RejectionTracker.class);
    /** Ids tracked at most; a flood of made-up ids cannot exhaust memory. */
    private static final int MAX_TRACKED = 20_000;

    private final SensorSettings settings;
    private final ReadingPublisher publisher;
    private final JsonMapper json;
    private final SensorMetrics metrics;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        final Instant start;
        long count;
        boolean alerted;

        Window(Instant start) {
            this.start = start;
        }
    }

    public RejectionTracker(SensorSettings settings, ReadingPublisher publisher, JsonMapper json, SensorMetrics metrics) {
        this(settings, publisher, json, metrics, Clock.systemUTC());
    }

    RejectionTracker(SensorSettings settings, ReadingPublisher publisher, JsonMapper json, SensorMetrics metrics, Clock clock) {
        this.settings = settings;
        this.publisher = publisher;
        this.json = json;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Counts one refused reading.
     *
     * @param deviceId   the id it came from
     * @param registered whether that id is a registered device
     * @param reason     why it was refused
     */
    public void rejected(String deviceId, boolean registered, String reason) {
        Instant now = clock.instant();
        if (windows.size() >= MAX_TRACKED && !windows.containsKey(deviceId)) {
            forgetExpired();
            if (windows.size() >= MAX_TRACKED) {
                return;
            }
        }
        boolean[] alert = new boolean[1];
        long[] count = new long[1];
        windows.compute(deviceId, (id, w) -> {
            Window window = w == null || expired(w, now) ? new Window(now) : w;
            window.count++;
            if (window.count >= settings.rejectionThreshold() && !window.alerted) {
                window.alerted = true;
                alert[0] = true;
                count[0] = window.count;
            }
            return window;
        });
        if (alert[0]) {
            raise(deviceId, registered, reason, count[0]);
        }
    }

    /** @return refused readings of an id in its current window (0 when none) */
    public long recentRejections(String deviceId) {
        Window w = windows.get(deviceId);
        return w == null || expired(w, clock.instant()) ? 0 : w.count;
    }

    private boolean expired(Window w, Instant now) {
        return !w.start.plus(settings.rejectionWindow()).isAfter(now);
    }

    private void raise(String deviceId, boolean registered, String reason, long count) {
        String window = human(settings.rejectionWindow());
        String message = registered
                ? "device " + deviceId + " sent " + count + " refused readings within " + window + "; the last: " + reason
                : "unregistered device id " + deviceId + " sent " + count + " readings within " + window + " (" + reason + ")";
        Alert alert = new Alert(UUID.randomUUID().toString(), Alert.Kind.UNREGISTERED_DEVICE, Alert.Severity.WARNING,
                "device/" + deviceId, null, message, clock.instant());
        LOG.warn(message);
        metrics.alerted();
        try {
            publisher.publishAlert(alert.subject(), json.writeValueAsBytes(alert));
        } catch (IOException e) {
            LOG.error("cannot write the alert about {}: {}", deviceId, e.getMessage());
        }
    }

    private static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    /** Drops windows that are over. */
    @Scheduled(fixedDelay = "${plinth.sensors.rejection-window:1m}")
    void forgetExpired() {
        Instant now = clock.instant();
        windows.values().removeIf(w -> expired(w, now));
    }
}
