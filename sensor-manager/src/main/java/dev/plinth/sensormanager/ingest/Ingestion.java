package dev.plinth.sensormanager.ingest;

import dev.plinth.contracts.events.SensorReading;
import dev.plinth.sensormanager.SensorMetrics;
import dev.plinth.sensormanager.SensorSettings;
import dev.plinth.sensormanager.registry.Device;
import dev.plinth.sensormanager.registry.DeviceDirectory;
import dev.plinth.sensormanager.registry.DeviceTokens;
import dev.plinth.sensormanager.registry.DeviceType;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one path every reading takes, from MQTT or HTTP: find the device (in memory), check the
 * payload against its type (a checker compiled once per type), then either hand the reading to
 * Kafka and note the device's activity, or count the refusal. No MongoDB access per reading.
 */
@Singleton
public class Ingestion {

    private final DeviceDirectory directory;
    private final ReadingPublisher publisher;
    private final DeviceActivity activity;
    private final RejectionTracker rejections;
    private final SensorMetrics metrics;
    private final int maxPayloadBytes;
    private final Map<String, ReadingChecker> checkers = new ConcurrentHashMap<>();
    /** Reading ids: this process's random prefix and a counter, unique without a random draw per reading. */
    private final String idPrefix;
    private final AtomicLong sequence = new AtomicLong();

    /** What became of a reading. */
    public enum Verdict {
        /** Checked and handed to Kafka. */
        ACCEPTED,
        /** No registered device has that id. */
        UNKNOWN_DEVICE,
        /** The device exists but the token is not its token. */
        WRONG_TOKEN,
        /** The payload does not match the device's type. */
        INVALID
    }

    /**
     * @param verdict   what became of it
     * @param readingId the new reading's id, when accepted
     * @param problem   why it was refused, else null
     * @param sent      completes when Kafka has the reading (accepted only; completed otherwise)
     */
    public record Outcome(Verdict verdict, @Nullable String readingId, @Nullable String problem, CompletableFuture<Void> sent) {
    }

    public Ingestion(DeviceDirectory directory, ReadingPublisher publisher, DeviceActivity activity,
                     RejectionTracker rejections, SensorMetrics metrics, SensorSettings settings) {
        this.directory = directory;
        this.publisher = publisher;
        this.activity = activity;
        this.rejections = rejections;
        this.metrics = metrics;
        this.maxPayloadBytes = settings.maxPayloadBytes();
        byte[] prefix = new byte[6];
        new SecureRandom().nextBytes(prefix);
        this.idPrefix = HexFormat.of().formatHex(prefix) + "-";
    }

    /**
     * A reading that arrived over MQTT: the broker already checked the device's credentials and that
     * it published on its own topic.
     */
    public Outcome fromBroker(String deviceId, byte[] payload) {
        Optional<Device> device = directory.device(deviceId);
        if (device.isEmpty()) {
            return refuse(deviceId, false, Verdict.UNKNOWN_DEVICE, "no device with id " + deviceId + " is registered");
        }
        return checkAndPublish(device.get(), payload);
    }

    /** A reading that arrived over HTTP with the device's token. */
    public Outcome fromHttp(String deviceId, @Nullable String token, byte[] payload) {
        Optional<Device> device = directory.device(deviceId);
        if (device.isEmpty()) {
            return refuse(deviceId, false, Verdict.UNKNOWN_DEVICE, "no device with id " + deviceId + " is registered");
        }
        if (!DeviceTokens.matches(token, device.get().tokenHash())) {
            return refuse(deviceId, true, Verdict.WRONG_TOKEN, "the token is not the token of device " + deviceId);
        }
        return checkAndPublish(device.get(), payload);
    }

    private Outcome checkAndPublish(Device device, byte[] payload) {
        if (payload.length > maxPayloadBytes) {
            return refuse(device.id(), true, Verdict.INVALID, "a reading may have at most " + maxPayloadBytes + " bytes, not " + payload.length);
        }
        ReadingChecker checker = checkers.get(device.type());
        if (checker == null) {
            Optional<DeviceType> type = directory.type(device.type());
            if (type.isEmpty()) {
                return refuse(device.id(), true, Verdict.INVALID, "the type " + device.type() + " of device " + device.id() + " is not registered");
            }
            // Types never change once registered, so a compiled checker stays valid.
            checker = checkers.computeIfAbsent(device.type(), t -> ReadingChecker.of(type.get()));
        }
        CheckedReading checked = checker.check(payload);
        if (!checked.valid()) {
            return refuse(device.id(), true, Verdict.INVALID, checked.problem());
        }
        Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String readingId = idPrefix + Long.toHexString(sequence.incrementAndGet());
        SensorReading reading = new SensorReading(readingId, device.id(), device.type(), checked.values(),
                checked.deviceTime(), receivedAt);
        CompletableFuture<Void> sent = publisher.publishReading(device.id(), ReadingJson.write(reading));
        activity.accepted(device.id(), readingId, checked.values(), checked.deviceTime(), receivedAt);
        metrics.accepted();
        return new Outcome(Verdict.ACCEPTED, readingId, null, sent);
    }

    private Outcome refuse(String deviceId, boolean registered, Verdict verdict, String problem) {
        metrics.rejected();
        if (registered) {
            activity.rejected(deviceId);
        }
        rejections.rejected(deviceId, registered, problem);
        return new Outcome(verdict, null, problem, CompletableFuture.completedFuture(null));
    }
}
