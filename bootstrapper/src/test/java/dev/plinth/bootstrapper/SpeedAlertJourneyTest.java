package dev.plinth.bootstrapper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.exceptions.MqttClientStateException;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import dev.plinth.bootstrapper.infra.EmbeddedMqtt;
import dev.plinth.bootstrapper.simulator.OfflineQueue;
import dev.plinth.bootstrapper.simulator.SimulatedDevice;
import dev.plinth.bootstrapper.simulator.Simulator;
import dev.plinth.bootstrapper.simulator.SpeedModel;
import dev.plinth.contracts.state.MqttTopics;
import dev.plinth.testkit.wait.Waits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sensors issue end to end on the real embedded platform: ten cars, speed-alert deployed with two
 * instances, a buzzer. Every reading accepted reaches exactly one instance (counted by reading id at
 * both ends: the platform's history and each instance's {@code /seen}); the buzzer receives exactly
 * the commands the instances sent; and a restart of the MQTT broker while the cars keep publishing
 * (with their offline queues) loses no reading. Counts and duplicates are printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpeedAlertJourneyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int READINGS_PER_CAR = 30;
    private static final double THRESHOLD = 90;

    Path dir;
    Platform platform;
    SpeedAlertFixture fixture;
    Map<String, Http> instances;
    Mqtt5AsyncClient buzzer;
    final List<JsonNode> beeps = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        platform = Platform.start(TestPlatforms.settings(dir.resolve("data")));
        fixture = SpeedAlertFixture.register(platform, dir.resolve("devices"));
        URI mqtt = URI.create(platform.endpoints().mqttUrl());
        buzzer = MqttClient.builder().useMqttVersion5().identifier("buzzer-1").serverHost(mqtt.getHost()).serverPort(mqtt.getPort())
                .simpleAuth().username("buzzer-1").password(fixture.buzzerToken.getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .automaticReconnect().initialDelay(200, TimeUnit.MILLISECONDS).maxDelay(2, TimeUnit.SECONDS).applyAutomaticReconnect()
                .buildAsync();
        buzzer.publishes(MqttGlobalPublishFilter.ALL, p -> beeps.add(read(p.getPayloadAsBytes())));
        buzzer.connectWith().cleanStart(true).send().join();
        buzzer.subscribeWith().topicFilter(MqttTopics.deviceCommands("buzzer-1")).qos(MqttQos.AT_LEAST_ONCE).send().join();

        JsonNode running = fixture.deploy(2);
        instances = fixture.instances(running);
        assertEquals(2, instances.size(), running.toString());
        fixture.awaitDelivery(instances);
    }

    @AfterAll
    void stop() {
        if (buzzer != null) {
            buzzer.disconnect();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void everyReadingReachesExactlyOneInstanceAndTheBuzzerGetsTheAlerts() throws Exception {
        Instant phaseStart = Instant.now();
        JsonNode before = fixture.pipeline();
        // Each car: 30 readings a second apart in its own past, cruising at 50-70 with two excursions above 90.
        Instant base = phaseStart.minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Set<String> published = new HashSet<>();
        List<Mqtt5BlockingClient> cars = new ArrayList<>();
        try {
            for (int c = 1; c <= 10; c++) {
                cars.add(fixture.device("car-" + c, fixture.carTokens.get("car-" + c)));
            }
            for (int j = 0; j < READINGS_PER_CAR; j++) {
                for (int c = 1; c <= 10; c++) {
                    double speed = (j >= 10 && j <= 12) || j == 20 ? 92 + c : 50 + (j % 5) * 4;
                    Instant time = base.plusSeconds(j).plusMillis(c);
                    String payload = String.format(Locale.ROOT, "{\"values\":{\"speedKmh\":%.1f},\"time\":\"%s\"}", speed, time);
                    Mqtt5PublishResult result = cars.get(c - 1).publishWith().topic(MqttTopics.deviceTelemetry("car-" + c))
                            .qos(MqttQos.AT_LEAST_ONCE).payload(payload.getBytes(StandardCharsets.UTF_8)).send();
                    assertTrue(result.getError().isEmpty(), "the broker took the reading: " + result);
                    published.add(SpeedAlertFixture.Seen.key("car-" + c, time));
                }
            }
        } finally {
            cars.forEach(SpeedAlertJourneyTest::disconnect);
        }
        assertEquals(10 * READINGS_PER_CAR, published.size());

        // Accepted: the platform's history of these readings, by id.
        Map<String, String> acceptedIds = Waits.until("the history to hold every reading", SpeedAlertFixture.WAIT, () -> {
            Map<String, String> ids = acceptedIds(phaseStart, published);
            return ids.size() >= published.size() ? ids : null;
        }, () -> acceptedIds(phaseStart, published).size() + " of " + published.size() + " in the history");
        assertEquals(published, Set.copyOf(acceptedIds.values()), "each published reading was accepted once");

        List<SpeedAlertFixture.Seen> seen = Waits.until("every accepted reading at an instance", SpeedAlertFixture.WAIT, () -> {
            List<SpeedAlertFixture.Seen> s = phase(SpeedAlertFixture.seen(instances), published);
            return s.stream().map(SpeedAlertFixture.Seen::readingId).collect(Collectors.toSet()).containsAll(acceptedIds.keySet()) ? s : null;
        }, () -> phase(SpeedAlertFixture.seen(instances), published).size() + " of " + acceptedIds.size() + " seen");
        // Once sensor-manager has passed every accepted reading to the broker, what the instances list is complete.
        awaitDeliveriesSettled(before);
        seen = phase(SpeedAlertFixture.seen(instances), published);

        Map<String, Long> perInstance = seen.stream().collect(Collectors.groupingBy(SpeedAlertFixture.Seen::instance,
                TreeMap::new, Collectors.counting()));
        Map<String, Set<String>> instancesOfId = new HashMap<>();
        seen.forEach(s -> instancesOfId.computeIfAbsent(s.readingId(), id -> new HashSet<>()).add(s.instance()));
        long atBoth = instancesOfId.values().stream().filter(set -> set.size() > 1).count();
        long repeated = seen.size() - instancesOfId.size();
        System.out.printf("normal operation: %d readings published, %d accepted, %d deliveries at the instances %s, %d distinct,"
                + " %d ids at both instances, %d repeated deliveries%n", published.size(), acceptedIds.size(), seen.size(), perInstance,
                instancesOfId.size(), atBoth, repeated);

        assertEquals(acceptedIds.keySet(), instancesOfId.keySet(), "the instances got exactly the accepted readings");
        assertEquals(0, atBoth, "no reading reached both instances: " + instancesOfId.entrySet().stream()
                .filter(e -> e.getValue().size() > 1).limit(10).toList());
        assertEquals(acceptedIds.size(), seen.size(), "no reading reached an instance twice");
        // How the broker splits a shared subscription between the instances is its own affair (a
        // burst may all go to the one that asked first), so the split is printed, not asserted.

        // Every car passed the threshold, so at least one beep each; the buzzer got exactly what the instances sent.
        List<JsonNode> sent = Waits.until("the instances' commands to be acknowledged", SpeedAlertFixture.WAIT, () -> {
            List<JsonNode> c = SpeedAlertFixture.commands(instances);
            return c.stream().allMatch(x -> "sent".equals(x.path("outcome").asText())) ? c : null;
        }, () -> SpeedAlertFixture.commands(instances).toString());
        Waits.until("the buzzer to receive " + sent.size() + " commands", SpeedAlertFixture.WAIT,
                () -> beeps.size() >= sent.size() ? Boolean.TRUE : null, beeps::toString);
        System.out.printf("commands: %d sent by the instances, %d received by buzzer-1%n", sent.size(), beeps.size());
        assertTrue(sent.size() >= 10, "each car alerted at least once: " + sent);
        assertEquals(commandKeys(sent, "sensor", "speedKmh"), beeps.stream().map(b -> b.path("payload"))
                .map(p -> p.path("sensor").asText() + "@" + p.path("speedKmh").asDouble()).sorted().toList());
        assertTrue(beeps.stream().allMatch(b -> "speed-alert".equals(b.path("from").asText()) && b.path("commandId").isTextual()
                && "beep".equals(b.path("payload").path("action").asText())), beeps.toString());
        assertTrue(sent.stream().allMatch(c -> c.path("speedKmh").asDouble() > THRESHOLD), sent.toString());
    }

    @Test
    @Order(2)
    void aBrokerRestartWhileCarsPublishLosesNoReading() throws Exception {
        EmbeddedMqtt broker = platform.embeddedMqtt();
        URI mqtt = URI.create(platform.endpoints().mqttUrl());
        Instant phaseStart = Instant.now();
        JsonNode before = fixture.pipeline();
        Map<String, RecordingClock> clocks = new ConcurrentHashMap<>();
        List<SimulatedDevice> devices = new ArrayList<>();
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        for (int c = 1; c <= 10; c++) {
            String id = "car-" + c;
            RecordingClock clock = new RecordingClock();
            clocks.put(id, clock);
            devices.add(new SimulatedDevice(id, fixture.carTokens.get(id), mqtt, new SpeedModel(new Random(c)),
                    OfflineQueue.open(dir.resolve("queues"), id, 100_000), clock, System.out));
        }
        Simulator simulator = new Simulator(devices, Duration.ofMillis(100), quiet, Clock.systemUTC());
        long queuedAtPeak;
        try {
            simulator.start();
            Waits.until("the cars to publish", SpeedAlertFixture.WAIT,
                    () -> devices.stream().mapToLong(SimulatedDevice::sent).sum() >= 200 ? Boolean.TRUE : null, simulator::totals);

            long stopAt = System.nanoTime();
            broker.close();
            long stopped = System.nanoTime();
            // Once stopped, the broker stays away until the cars queued three more seconds of readings (100 a second).
            long queuedWhenStopped = devices.stream().mapToLong(SimulatedDevice::queued).sum();
            Waits.until("readings to wait in the offline queues", SpeedAlertFixture.WAIT,
                    () -> devices.stream().mapToLong(SimulatedDevice::queued).sum() >= queuedWhenStopped + 300 ? Boolean.TRUE : null,
                    simulator::totals);
            queuedAtPeak = devices.stream().mapToLong(SimulatedDevice::queued).sum();
            long away = System.nanoTime();
            broker.start();
            System.out.printf("broker restart: stopping took %d ms, away %d ms, starting %d ms; %s%n",
                    TimeUnit.NANOSECONDS.toMillis(stopped - stopAt), TimeUnit.NANOSECONDS.toMillis(away - stopped),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - away), simulator.totals());

            Waits.until("the cars to drain their queues", SpeedAlertFixture.WAIT, () -> devices.stream().allMatch(d -> d.connected())
                    && devices.stream().mapToLong(SimulatedDevice::queued).sum() == 0 ? Boolean.TRUE : null, simulator::totals);
            long drained = devices.stream().mapToLong(SimulatedDevice::sent).sum();
            Waits.until("more readings after the queues drained", SpeedAlertFixture.WAIT,
                    () -> devices.stream().mapToLong(SimulatedDevice::sent).sum() >= drained + 100 ? Boolean.TRUE : null, simulator::totals);
        } finally {
            simulator.close();
        }
        long sent = devices.stream().mapToLong(SimulatedDevice::sent).sum();
        long left = devices.stream().mapToLong(SimulatedDevice::queued).sum();
        long dropped = devices.stream().mapToLong(SimulatedDevice::dropped).sum();
        long refused = devices.stream().mapToLong(SimulatedDevice::refused).sum();
        Set<String> produced = new HashSet<>();
        clocks.forEach((id, clock) -> clock.issued().forEach(t -> produced.add(SpeedAlertFixture.Seen.key(id, t))));
        assertEquals(0, left + dropped + refused, "every reading left the cars: " + left + " still queued, " + dropped
                + " dropped, " + refused + " refused");

        // Accepted: every reading the cars produced is in the platform's history (some perhaps twice, under two ids).
        Map<String, String> accepted = Waits.until("every produced reading in the history", SpeedAlertFixture.WAIT, () -> {
            Map<String, String> ids = acceptedIds(phaseStart, produced);
            return Set.copyOf(ids.values()).containsAll(produced) ? ids : null;
        }, () -> "missing " + missing(produced, Set.copyOf(acceptedIds(phaseStart, produced).values())));
        Waits.until("every accepted reading at an instance", SpeedAlertFixture.WAIT, () -> {
            Set<String> ids = phase(SpeedAlertFixture.seen(instances), produced).stream().map(SpeedAlertFixture.Seen::readingId)
                    .collect(Collectors.toSet());
            return ids.containsAll(accepted.keySet()) ? Boolean.TRUE : null;
        }, () -> "missing " + missing(accepted.keySet(), phase(SpeedAlertFixture.seen(instances), produced).stream()
                .map(SpeedAlertFixture.Seen::readingId).collect(Collectors.toSet())).size() + " of " + accepted.size());
        awaitDeliveriesSettled(before);
        List<SpeedAlertFixture.Seen> seen = phase(SpeedAlertFixture.seen(instances), produced);
        JsonNode after = fixture.pipeline();

        Map<String, Set<String>> instancesOfId = new HashMap<>();
        seen.forEach(s -> instancesOfId.computeIfAbsent(s.readingId(), id -> new HashSet<>()).add(s.instance()));
        Set<String> keysAtApp = seen.stream().map(SpeedAlertFixture.Seen::key).collect(Collectors.toSet());
        long idsPerKeyExtra = accepted.size() - Set.copyOf(accepted.values()).size();
        long atBoth = instancesOfId.values().stream().filter(set -> set.size() > 1).count();
        long repeatedDeliveries = seen.size() - instancesOfId.size();
        System.out.printf("broker restart: cars produced %d readings (%d acknowledged by the broker, %d waited in the offline"
                        + " queues at the peak); accepted %d reading ids (%d readings sent twice by a car); the instances got %d"
                        + " deliveries of %d ids, %d distinct readings (%d ids at both instances, %d deliveries repeated); pipeline"
                        + " accepted %d, delivered %d%n", produced.size(), sent, queuedAtPeak, accepted.size(), idsPerKeyExtra,
                seen.size(), instancesOfId.size(), keysAtApp.size(), atBoth, repeatedDeliveries,
                after.path("readingsAccepted").asLong() - before.path("readingsAccepted").asLong(),
                after.path("readingsDelivered").asLong() - before.path("readingsDelivered").asLong());

        assertEquals(Set.of(), missing(produced, keysAtApp), "every reading the cars produced reached an instance");
        assertEquals(accepted.keySet(), instancesOfId.keySet(), "every accepted reading, and nothing else, reached an instance");
        assertTrue(sent >= produced.size(), "the cars count at least what they produced as sent: " + sent);
    }

    /** Waits until sensor-manager has passed to the broker at least as many readings as it accepted since {@code before}. */
    private void awaitDeliveriesSettled(JsonNode before) {
        Waits.until("sensor-manager to deliver what it accepted", SpeedAlertFixture.WAIT, () -> {
            JsonNode p = fixture.pipeline();
            return p.path("readingsDelivered").asLong() - before.path("readingsDelivered").asLong()
                    >= p.path("readingsAccepted").asLong() - before.path("readingsAccepted").asLong() ? Boolean.TRUE : null;
        }, () -> fixture.pipeline().toString());
    }

    /** Reading id → key of the accepted readings received since {@code from} whose key is one of {@code keys}. */
    private Map<String, String> acceptedIds(Instant from, Set<String> keys) {
        Map<String, String> ids = new HashMap<>();
        for (String car : fixture.carTokens.keySet()) {
            for (JsonNode r : fixture.history(car, from.minusSeconds(1))) {
                String key = SpeedAlertFixture.key(r);
                if (keys.contains(key)) {
                    ids.put(r.path("readingId").asText(), key);
                }
            }
        }
        return ids;
    }

    private static List<SpeedAlertFixture.Seen> phase(List<SpeedAlertFixture.Seen> seen, Set<String> keys) {
        return seen.stream().filter(s -> keys.contains(s.key())).toList();
    }

    private static Set<String> missing(Set<String> expected, Set<String> present) {
        Set<String> out = new HashSet<>(expected);
        out.removeAll(present);
        return out.size() > 20 ? out.stream().limit(20).collect(Collectors.toSet()) : out;
    }

    private static List<String> commandKeys(List<JsonNode> commands, String sensor, String speed) {
        return commands.stream().map(c -> c.path(sensor).asText() + "@" + c.path(speed).asDouble()).sorted().toList();
    }

    private static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A car's clock that never gives the same millisecond twice and remembers every instant it gave:
     * the simulated device asks it once per reading it produces, so these are the car's readings.
     */
    static final class RecordingClock extends Clock {
        private final List<Instant> issued = new CopyOnWriteArrayList<>();
        private Instant last = Instant.EPOCH;

        @Override
        public synchronized Instant instant() {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            last = now.isAfter(last) ? now : last.plusMillis(1);
            issued.add(last);
            return last;
        }

        List<Instant> issued() {
            return List.copyOf(issued);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("a car's clock is in UTC");
        }
    }

    /** A car the broker already dropped has nothing to close; saying so must not hide why the test failed. */
    private static void disconnect(Mqtt5BlockingClient car) {
        try {
            car.disconnect();
        } catch (MqttClientStateException alreadyGone) {
            // nothing to close
        }
    }

}
