package dev.plinth.bootstrapper.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import dev.plinth.bootstrapper.infra.EmbeddedMqtt;
import dev.plinth.bootstrapper.infra.Ports;
import dev.plinth.contracts.state.MqttTopics;
import dev.plinth.testkit.wait.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Simulated devices against a real broker that goes away and comes back: what they measured
 * meanwhile waits on disk and arrives, in order, when it is back; a full queue drops its oldest.
 * Readings are counted at both ends.
 */
class OfflineDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A clock one second further at every reading, so each reading's time names it. */
    static final class StepClock extends Clock {
        private Instant now = Instant.parse("2026-11-22T12:00:00Z");

        @Override
        public synchronized Instant instant() {
            now = now.plusSeconds(1);
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void readingsMeasuredWhileTheBrokerIsAwayArriveInOrderWhenItIsBack() throws Exception {
        int port = Ports.free();
        URI url = URI.create("tcp://127.0.0.1:" + port);
        EmbeddedMqtt broker = new EmbeddedMqtt(dir.resolve("broker"), "127.0.0.1", port, null);
        broker.start();
        Map<String, List<String>> received = new ConcurrentHashMap<>();
        Mqtt5AsyncClient platform = subscriber(url, received);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        StepClock clockOne = new StepClock();
        StepClock clockTwo = new StepClock();
        // car-1 keeps everything; car-2 keeps only its last 4 readings.
        SimulatedDevice one = new SimulatedDevice("car-1", "t1", url, new SpeedModel(new Random(1)),
                OfflineQueue.open(dir.resolve("queue"), "car-1", 1000), clockOne, out);
        SimulatedDevice two = new SimulatedDevice("car-2", "t2", url, new SpeedModel(new Random(2)),
                OfflineQueue.open(dir.resolve("queue"), "car-2", 4), clockTwo, out);
        List<String> sentOne = new ArrayList<>();
        List<String> sentTwo = new ArrayList<>();
        try {
            one.connect();
            two.connect();
            waitFor(() -> one.connected() && two.connected(), () -> "the devices did not connect");

            tick(one, clockOne, sentOne, 5);
            tick(two, clockTwo, sentTwo, 5);
            waitFor(() -> count(received, "car-1") == 5 && count(received, "car-2") == 5, () -> "online: " + received);
            assertEquals(5, one.sent());
            assertEquals(0, one.queued());

            broker.close();
            waitFor(() -> !one.connected() && !two.connected(), () -> "the devices did not notice the broker left");
            tick(one, clockOne, sentOne, 10);
            tick(two, clockTwo, sentTwo, 10);
            assertEquals(5, one.sent(), "nothing sent while the broker is away");
            assertEquals(10, one.queued());
            assertEquals(0, one.dropped());
            assertEquals(4, two.queued(), "car-2's queue holds 4");
            assertEquals(6, two.dropped(), "and dropped its 6 oldest");

            broker = new EmbeddedMqtt(dir.resolve("broker"), "127.0.0.1", port, null);
            broker.start();
            waitFor(() -> one.connected() && two.connected(), () -> "the devices did not reconnect");
            tick(one, clockOne, sentOne, 3); // queued readings go first, then these
            tick(two, clockTwo, sentTwo, 3);

            waitFor(() -> count(received, "car-1") >= 18 && count(received, "car-2") >= 12, () -> "after the outage: " + received);
            // Time passes on purpose: a reading delivered twice would arrive in it.
            Thread.sleep(300);
            assertEquals(sentOne, times(received.get("car-1")), "car-1: every reading, once, in the order measured");
            List<String> expectedTwo = new ArrayList<>(sentTwo.subList(0, 5));   // before the outage
            expectedTwo.addAll(sentTwo.subList(11, 15));                          // the last 4 of the 10 queued
            expectedTwo.addAll(sentTwo.subList(15, 18));                          // after it
            assertEquals(expectedTwo, times(received.get("car-2")), "car-2: the newest queued readings, in order");
            assertEquals(18, one.sent());
            assertEquals(12, two.sent());
            assertEquals(0, one.queued() + two.queued());
            assertEquals(6, one.dropped() + two.dropped());

            JsonNode reading = JSON.readTree(received.get("car-1").get(0));
            assertTrue(reading.path("values").path("speedKmh").isNumber(), reading.toString());
            assertEquals(List.of("time", "values"), fieldNames(reading));
            assertEquals(List.of("speedKmh"), fieldNames(reading.path("values")));
        } finally {
            one.close();
            two.close();
            platform.disconnect();
            broker.close();
        }
    }

    @Test
    void whatWaitsWhenTheSimulatorStopsIsSentByTheNextRun() throws Exception {
        int port = Ports.free();
        URI url = URI.create("tcp://127.0.0.1:" + port);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        StepClock clock = new StepClock();
        List<String> measured = new ArrayList<>();
        // The broker is not there at all during the first run.
        SimulatedDevice first = new SimulatedDevice("car-1", "t1", url, new SpeedModel(new Random(3)),
                OfflineQueue.open(dir.resolve("queue"), "car-1", 100), clock, out);
        first.connect();
        tick(first, clock, measured, 7);
        assertEquals(7, first.queued());
        first.close();

        EmbeddedMqtt broker = new EmbeddedMqtt(dir.resolve("broker"), "127.0.0.1", port, null);
        broker.start();
        Map<String, List<String>> received = new ConcurrentHashMap<>();
        Mqtt5AsyncClient platform = subscriber(url, received);
        SimulatedDevice second = new SimulatedDevice("car-1", "t1", url, new SpeedModel(new Random(4)),
                OfflineQueue.open(dir.resolve("queue"), "car-1", 100), clock, out);
        try {
            assertEquals(7, second.queued(), "the queue was kept on disk");
            second.connect();
            waitFor(second::connected, () -> "no connection");
            tick(second, clock, measured, 1);
            waitFor(() -> count(received, "car-1") >= 8, () -> received.toString());
            assertEquals(measured, times(received.get("car-1")));
        } finally {
            second.close();
            platform.disconnect();
            broker.close();
        }
    }

    /** Ticks a device n times, noting the time each reading carries (the clock's next instant). */
    private static void tick(SimulatedDevice device, StepClock clock, List<String> measured, int n) {
        for (int i = 0; i < n; i++) {
            Instant next;
            synchronized (clock) {
                next = clock.now.plusSeconds(1);
            }
            device.tick(INTERVAL);
            measured.add(next.toString());
        }
    }

    /** Plays sensor-manager: a persistent session subscribed to every device's telemetry. */
    private static Mqtt5AsyncClient subscriber(URI url, Map<String, List<String>> received) throws Exception {
        Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5()
                .identifier("service:sensor-manager-test")
                .serverHost(url.getHost()).serverPort(url.getPort())
                .automaticReconnect().initialDelay(100, TimeUnit.MILLISECONDS).maxDelay(1, TimeUnit.SECONDS).applyAutomaticReconnect()
                .buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, p -> {
            String device = p.getTopic().getLevels().get(1);
            received.computeIfAbsent(device, d -> new CopyOnWriteArrayList<>())
                    .add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8));
        });
        client.connectWith().cleanStart(false).sessionExpiryInterval(3600).send().get(30, TimeUnit.SECONDS);
        client.subscribeWith().topicFilter(MqttTopics.ALL_DEVICE_TELEMETRY).qos(MqttQos.AT_LEAST_ONCE).send().get(30, TimeUnit.SECONDS);
        return client;
    }

    private static int count(Map<String, List<String>> received, String device) {
        return received.getOrDefault(device, List.of()).size();
    }

    private static List<String> times(List<String> payloads) {
        List<String> times = new ArrayList<>();
        for (String payload : payloads) {
            try {
                times.add(JSON.readTree(payload).path("time").asText());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return times;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        return names;
    }

    private static void waitFor(BooleanSupplier condition, Supplier<String> seen) {
        Waits.untilTrue("the readings", WAIT, condition, seen);
    }
}
