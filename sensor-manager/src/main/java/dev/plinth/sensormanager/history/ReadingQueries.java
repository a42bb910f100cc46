package dev.plinth.sensormanager.history;

import dev.plinth.contracts.events.SensorReading;
import dev.plinth.contracts.validation.Problem;
import dev.plinth.kit.errors.ApiException;
import dev.plinth.sensormanager.registry.Device;
import dev.plinth.sensormanager.registry.DeviceStore;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers for readings: the history (from {@code readings}) and the latest reading of a device
 * (from its {@code devices} record, written about every second), whoever asks; access is checked by
 * the callers. The history of a device is what arrived since it was registered: a device deleted
 * and registered again under the same id, by anyone, never shows the earlier device's readings.
 */
@Singleton
public class ReadingQueries {

    /** Readings per answer when no limit is given. */
    public static final int DEFAULT_LIMIT = 100;
    /** The most readings per answer. */
    public static final int MAX_LIMIT = 10_000;

    private final ReadingStore readings;
    private final DeviceStore devices;

    public ReadingQueries(ReadingStore readings, DeviceStore devices) {
        this.readings = readings;
        this.devices = devices;
    }

    /**
     * @param sensorIds the sensors; ids no longer registered have no history
     * @param from      an ISO-8601 instant, inclusive, or null
     * @param to        an ISO-8601 instant, exclusive, or null
     * @param limit     1 to {@value #MAX_LIMIT}, or null for {@value #DEFAULT_LIMIT}
     * @return with {@code from}: the first readings from it on; without: the newest before {@code to};
     *         oldest first either way
     * @throws ApiException 400 naming every bad parameter
     */
    public List<SensorReading> history(List<String> sensorIds, @Nullable String from, @Nullable String to, @Nullable String limit) {
        List<Problem> problems = new ArrayList<>();
        Instant fromTime = instant("from", from, problems);
        Instant toTime = instant("to", to, problems);
        int max = DEFAULT_LIMIT;
        if (limit != null) {
            try {
                max = Integer.parseInt(limit.trim());
                if (max < 1 || max > MAX_LIMIT) {
                    problems.add(new Problem("limit", "must be between 1 and " + MAX_LIMIT));
                }
            } catch (NumberFormatException e) {
                problems.add(new Problem("limit", "must be a whole number between 1 and " + MAX_LIMIT));
            }
        }
        if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
            problems.add(new Problem("to", "must be after from"));
        }
        if (!problems.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "the query has " + problems.size()
                    + (problems.size() == 1 ? " problem" : " problems"), problems);
        }
        Map<String, Instant> since = new LinkedHashMap<>();
        for (String id : sensorIds) {
            devices.find(id).ifPresent(d -> since.put(d.id(), d.createdAt() == null ? Instant.EPOCH : d.createdAt()));
        }
        return readings.find(since, fromTime, toTime, max);
    }

    private static Instant instant(String name, String value, List<Problem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            problems.add(new Problem(name, "must be an ISO-8601 instant, as 2026-11-22T12:00:00Z"));
            return null;
        }
    }

    /** @return the latest reading of a device, if it sent one */
    public Optional<SensorReading> latest(Device device) {
        if (device.lastSeenAt() == null || device.lastValues() == null) {
            return Optional.empty();
        }
        return Optional.of(new SensorReading(device.lastReadingId(), device.id(), device.type(), device.lastValues(),
                device.lastDeviceTime(), device.lastSeenAt()));
    }

    /** @return the latest reading of each of these devices that sent one, in the order given */
    public List<SensorReading> latest(List<String> deviceIds) {
        List<SensorReading> out = new ArrayList<>();
        for (String id : deviceIds) {
            devices.find(id).flatMap(this::latest).ifPresent(out::add);
        }
        return out;
    }
}
