package dev.plinth.bench.sensors;

import dev.plinth.contracts.events.SensorReading;
import dev.plinth.sensormanager.ingest.CheckedReading;
import dev.plinth.sensormanager.ingest.ReadingChecker;
import dev.plinth.sensormanager.ingest.ReadingJson;
import dev.plinth.sensormanager.registry.DeviceKind;
import dev.plinth.sensormanager.registry.DeviceType;
import dev.plinth.sensormanager.registry.FieldSpec;
import dev.plinth.sensormanager.registry.FieldType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The CPU sensor-manager spends on each reading it takes in: checking the payload against its type
 * ({@link ReadingChecker}) and writing the Kafka record's JSON ({@link ReadingJson}), and what the
 * history writer spends reading that JSON back. A reading of a type with four fields (number,
 * integer, string, boolean) and a device time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ReadingBenchmark {

    private final ReadingChecker checker = ReadingChecker.of(new DeviceType("vehicle-speed", DeviceKind.SENSOR, fields(), "", "root", null));
    private final byte[] payload = "{\"values\": {\"speedKmh\": 87.5, \"lane\": 2, \"plate\": \"AB-123\", \"braking\": false}, \"time\": \"2026-11-22T12:00:00Z\"}"
            .getBytes(StandardCharsets.UTF_8);
    private final Instant receivedAt = Instant.parse("2026-11-22T12:00:00.120Z");
    private final byte[] record = ReadingJson.write(new SensorReading("0a1b2c3d4e5f-1f", "car-7", "vehicle-speed",
            checker.check(payload).values(), Instant.parse("2026-11-22T12:00:00Z"), receivedAt));

    private static Map<String, FieldSpec> fields() {
        Map<String, FieldSpec> f = new LinkedHashMap<>();
        f.put("speedKmh", new FieldSpec(FieldType.NUMBER, "km/h"));
        f.put("lane", new FieldSpec(FieldType.INTEGER, null));
        f.put("plate", new FieldSpec(FieldType.STRING, null));
        f.put("braking", new FieldSpec(FieldType.BOOLEAN, null));
        return f;
    }

    /** What ingestion does per reading before handing it to Kafka. */
    @Benchmark
    public byte[] checkAndEncode() {
        CheckedReading checked = checker.check(payload);
        return ReadingJson.write(new SensorReading("0a1b2c3d4e5f-1f", "car-7", "vehicle-speed", checked.values(),
                checked.deviceTime(), receivedAt));
    }

    /** What the history writer does per record before inserting it. */
    @Benchmark
    public SensorReading decode() {
        return ReadingJson.read(record);
    }
}
