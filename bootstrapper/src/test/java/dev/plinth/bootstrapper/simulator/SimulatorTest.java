package dev.plinth.bootstrapper.simulator;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.plinth.bootstrapper.infra.EmbeddedMqtt;
import dev.plinth.bootstrapper.infra.Ports;
import dev.plinth.contracts.state.MqttTopics;
import dev.plinth.testkit.wait.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The simulator's schedule and totals, with three devices on a real broker. */
class SimulatorTest {

    @TempDir
    Path dir;

    @Test
    void theTotalsShowTheSecondsOnTheFullMinute() {
        Clock onTheMinute = Clock.fixed(java.time.Instant.parse("2026-01-01T10:47:00Z"), java.time.ZoneOffset.UTC);
        try (Simulator simulator = new Simulator(List.of(), Duration.ofMillis(100), new PrintStream(new ByteArrayOutputStream()), onTheMinute)) {
            assertEquals("10:47:00  sent 0, queued 0, dropped 0  (0/0 connected)", simulator.totals());
        }
    }

    @Test
    void everyDevicePublishesEveryIntervalAndTheTotalsAddUp() throws Exception {
        int port = Ports.free();
        URI url = URI.create("tcp://127.0.0.1:" + port);
        try (EmbeddedMqtt broker = new EmbeddedMqtt(dir.resolve("broker"), "127.0.0.1", port, null)) {
            broker.start();
            Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
            Mqtt5BlockingClient platform = MqttClient.builder().useMqttVersion5().identifier("service:test")
                    .serverHost("127.0.0.1").serverPort(port).buildBlocking();
            platform.toAsync().publishes(MqttGlobalPublishFilter.ALL,
                    p -> received.computeIfAbsent(p.getTopic().getLevels().get(1), d -> new AtomicInteger()).incrementAndGet());
            platform.connect();
            platform.subscribeWith().topicFilter(MqttTopics.ALL_DEVICE_TELEMETRY).qos(MqttQos.AT_LEAST_ONCE).send();

            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
            List<SimulatedDevice> devices = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                devices.add(new SimulatedDevice("car-" + i, "t", url, new SpeedModel(new Random(i)),
                        OfflineQueue.open(dir.resolve("queue"), "car-" + i, 100), Clock.systemUTC(), out));
            }
            Simulator simulator = new Simulator(devices, Duration.ofMillis(100), out, Clock.systemDefaultZone());
            simulator.start();
            Waits.untilTrue("every device to publish 10 readings", Duration.ofSeconds(20),
                    () -> received.values().stream().filter(c -> c.get() >= 10).count() >= 3,
                    () -> received + "; " + simulator.totals());
            simulator.close();
            long sent = devices.stream().mapToLong(SimulatedDevice::sent).sum();
            Waits.untilTrue("the last readings sent to arrive", Duration.ofSeconds(10),
                    () -> received.values().stream().mapToLong(AtomicInteger::get).sum() >= sent, () -> "received " + received);
            long counted = received.values().stream().mapToLong(AtomicInteger::get).sum();
            assertEquals(sent, counted, "what the devices count as sent is what arrived");
            String last = printed.toString(StandardCharsets.UTF_8).strip();
            last = last.substring(last.lastIndexOf('\n') + 1);
            assertTrue(last.matches("\\d\\d:\\d\\d:\\d\\d  sent " + sent + ", queued 0, dropped 0  \\(\\d/3 connected\\)"), last);
            platform.disconnect();
        }
    }
}
