package dev.plinth.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plinth.contracts.state.MqttTopics;
import dev.plinth.kit.net.FreePorts;
import dev.plinth.testkit.mqtt.InProcessMqttBroker;
import dev.plinth.testkit.wait.Waits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SDK's MQTT side against a real broker, with a stand-in publishing readings exactly as
 * docs/sensors.md says sensor-manager does. Messages are counted at both ends.
 */
class SensorStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static InProcessMqttBroker broker;
    static SensorManagerStandIn platform;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = InProcessMqttBroker.startIn(dir, FreePorts.next());
        platform = new SensorManagerStandIn(broker.uri());
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (platform != null) {
            platform.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static Plinth connect(String app, String instance) {
        return Plinth.connect(new PlinthConfig(broker.uri(), "app:" + app + ":" + instance, "secret", null, null, app));
    }

    @Test
    void sharedSubscriptionGivesEachReadingToExactlyOneInstance() {
        String app = "shared-app";
        List<String> first = new CopyOnWriteArrayList<>();
        List<String> second = new CopyOnWriteArrayList<>();
        try (Plinth one = connect(app, "one"); Plinth two = connect(app, "two")) {
            Subscription oneSubscription = one.sensors("speed").subscribe(r -> first.add(r.readingId()));
            Subscription twoSubscription = two.sensors("speed").subscribe(r -> second.add(r.readingId()));
            int sent = 300;
            publish(app, "s-", 0, sent);
            Waits.untilTrue("the readings to arrive", WAIT, () -> first.size() + second.size() >= sent,
                    () -> "received " + first.size() + " + " + second.size() + " of " + sent);
            sleep(300); // anything delivered twice would show now
            Set<String> all = new HashSet<>(first);
            all.addAll(second);
            Set<String> overlap = new HashSet<>(first);
            overlap.retainAll(second);
            assertEquals(sent, first.size() + second.size(), "each reading delivered once in total (split "
                    + first.size() + "/" + second.size() + ")");
            assertEquals(sent, all.size(), "no reading lost");
            assertTrue(overlap.isEmpty(), "readings seen by both instances: " + overlap);

            // How the broker splits the load is its business; that both instances are in the group
            // shows when the other one leaves: everything then goes to the one that stays.
            oneSubscription.close();
            int before = second.size();
            publish(app, "t-", 0, 20);
            Waits.untilTrue("the readings to arrive", WAIT, () -> second.size() >= before + 20, () -> "instance two got " + (second.size() - before) + " of 20");
            Subscription again = one.sensors("speed").subscribe(r -> first.add(r.readingId()));
            twoSubscription.close();
            int beforeOne = first.size();
            publish(app, "u-", 0, 20);
            Waits.untilTrue("the readings to arrive", WAIT, () -> first.size() >= beforeOne + 20, () -> "instance one got " + (first.size() - beforeOne) + " of 20");
            sleep(300);
            assertEquals(sent + 40, first.size() + second.size(), "still once each");
            again.close();
        }
    }

    private static void publish(String app, String prefix, int from, int count) {
        for (int i = from; i < from + count; i++) {
            platform.reading(app, "speed", prefix + i, "car-" + (i % 10 + 1), 50 + i % 70);
        }
    }

    @Test
    void broadcastGivesEveryReadingToEveryInstance() {
        String app = "broadcast-app";
        List<String> first = new CopyOnWriteArrayList<>();
        List<String> second = new CopyOnWriteArrayList<>();
        try (Plinth one = connect(app, "one"); Plinth two = connect(app, "two")) {
            one.sensors("speed").broadcast().subscribe(r -> first.add(r.readingId()));
            two.sensors("speed").subscribe(Delivery.BROADCAST, r -> second.add(r.readingId()));
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                platform.reading(app, "speed", "b-" + i, "car-1", 42);
                expected.add("b-" + i);
            }
            Waits.untilTrue("the readings to arrive", WAIT, () -> first.size() >= 50 && second.size() >= 50,
                    () -> "received " + first.size() + " and " + second.size() + " of 50 each");
            sleep(300);
            assertEquals(expected, first, "every reading, once, in order");
            assertEquals(expected, second, "every reading, once, in order");
        }
    }

    @Test
    void readingsArriveWithTheirFields() {
        String app = "fields-app";
        List<Reading> got = new CopyOnWriteArrayList<>();
        try (Plinth plinth = connect(app, "one")) {
            plinth.sensors("speed").subscribe(got::add);
            platform.publish(MqttTopics.appSensor(app, "speed"), """
                    {"readingId":"r-1","sensorId":"car-3","type":"vehicle-speed","values":{"speedKmh":97.5,"lane":2},
                     "deviceTime":null,"receivedAt":"2026-11-22T12:00:01Z","future":"ignored"}""");
            Waits.untilTrue("the readings to arrive", WAIT, () -> got.size() == 1, () -> got.toString());
            Reading r = got.get(0);
            assertEquals("r-1", r.readingId());
            assertEquals("car-3", r.sensorId());
            assertEquals("vehicle-speed", r.type());
            assertEquals(97.5, r.number("speedKmh"));
            assertEquals(2, ((Number) r.values().get("lane")).intValue());
            assertNull(r.deviceTime());
            assertEquals("2026-11-22T12:00:01Z", r.receivedAt().toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void anInstanceThatComesBackGetsWhatItMissed(Delivery delivery) {
        String app = "persist-" + delivery.name().toLowerCase();
        List<String> got = new CopyOnWriteArrayList<>();
        try (Plinth plinth = connect(app, "one")) {
            plinth.sensors("speed").subscribe(delivery, r -> got.add(r.readingId()));
            for (int i = 0; i < 5; i++) {
                platform.reading(app, "speed", "before-" + i, "car-1", 30);
            }
            Waits.untilTrue("the readings to arrive", WAIT, () -> got.size() == 5, () -> got.toString());
        }
        List<String> missed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            platform.reading(app, "speed", "away-" + i, "car-2", 60);
            missed.add("away-" + i);
        }
        List<String> after = new CopyOnWriteArrayList<>();
        try (Plinth plinth = connect(app, "one")) {
            // The broker sends the queued readings right after connecting: they must wait for the callback.
            sleep(500);
            plinth.sensors("speed").subscribe(delivery, r -> after.add(r.readingId()));
            Waits.untilTrue("the readings to arrive", WAIT, () -> after.size() >= 20, () -> "after reconnecting: " + after);
            sleep(300);
            assertEquals(missed, after, "what arrived while away, once, in order, and nothing from before");
        }
    }

    @Test
    void aReadingWhoseCallbackNeverFinishedIsDeliveredAgain() throws Exception {
        String app = "crash-app";
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Plinth crashing = connect(app, "one");
        crashing.sensors("speed").subscribe(r -> {
            entered.countDown();
            try {
                never.await(); // the process "dies" here: the callback does not return
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        platform.reading(app, "speed", "r-crash", "car-4", 101);
        assertTrue(entered.await(20, TimeUnit.SECONDS), "the callback got the reading");
        crashing.close(); // gives up on the stuck callback after its grace period, without acknowledging

        List<String> again = new CopyOnWriteArrayList<>();
        try (Plinth restarted = connect(app, "one")) {
            restarted.sensors("speed").subscribe(r -> again.add(r.readingId()));
            Waits.untilTrue("the readings to arrive", WAIT, () -> !again.isEmpty(), () -> "nothing redelivered");
            sleep(300);
            assertEquals(List.of("r-crash"), again);
        } finally {
            never.countDown();
        }
    }

    @Test
    void aCallbackThatThrowsDoesNotStopTheReadingsAfterIt() {
        String app = "throws-app";
        List<String> got = new CopyOnWriteArrayList<>();
        try (Plinth plinth = connect(app, "one")) {
            plinth.sensors("speed").subscribe(r -> {
                got.add(r.readingId());
                if (r.readingId().equals("t-0")) {
                    throw new IllegalStateException("the app's bug");
                }
            });
            platform.reading(app, "speed", "t-0", "car-1", 10);
            platform.reading(app, "speed", "t-1", "car-1", 11);
            Waits.untilTrue("the readings to arrive", WAIT, () -> got.size() >= 2, () -> got.toString());
        }
        assertEquals(List.of("t-0", "t-1"), got);
    }

    @Test
    void aRequirementIsSubscribedOnceAtATime() {
        try (Plinth plinth = connect("twice-app", "one")) {
            Subscription first = plinth.sensors("speed").subscribe(r -> { });
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> plinth.sensors("speed").broadcast().subscribe(r -> { }));
            assertTrue(e.getMessage().contains(MqttTopics.appSensor("twice-app", "speed")), e.getMessage());
            first.close();
            plinth.sensors("speed").subscribe(r -> { }).close();
            assertThrows(IllegalArgumentException.class, () -> plinth.sensors("speed/#"));
        }
    }

    @Test
    void commandsArePublishedAsDocumented() throws Exception {
        String app = "ctl-app";
        platform.listen(MqttTopics.appCommandsFilter(app));
        try (Plinth plinth = connect(app, "one")) {
            Controllers buzzer = plinth.controllers("buzzer");
            buzzer.send(Map.of("action", "beep")).get(20, TimeUnit.SECONDS);
            buzzer.send("buzzer-1", new Beep("beep", "car-3", 97.5)).get(20, TimeUnit.SECONDS);
        }
        Waits.untilTrue("the readings to arrive", WAIT, () -> platform.received().size() >= 2, () -> platform.received().toString());
        List<SensorManagerStandIn.Received> got = platform.received();
        assertEquals(MqttTopics.appCommands("ctl-app", "buzzer"), got.get(0).topic());
        assertEquals(JSON.readTree("{\"payload\":{\"action\":\"beep\"}}"), JSON.readTree(got.get(0).payload()));
        assertEquals(MqttTopics.appCommands("ctl-app", "buzzer"), got.get(1).topic());
        JsonNode second = JSON.readTree(got.get(1).payload());
        assertEquals(JSON.readTree("{\"device\":\"buzzer-1\",\"payload\":{\"action\":\"beep\",\"sensor\":\"car-3\",\"speedKmh\":97.5}}"),
                second);
    }

    /** A command written from a record. */
    record Beep(String action, String sensor, double speedKmh) {
    }

    @Test
    void refusedCommandsReachTheRejectionListener() {
        String app = "rejected-app";
        List<Rejection> rejections = new CopyOnWriteArrayList<>();
        try (Plinth plinth = connect(app, "one")) {
            plinth.controllers("buzzer").onRejected(rejections::add);
            platform.publish(MqttTopics.appRejected(app, "buzzer"),
                    "{\"device\":\"buzzer-9\",\"reason\":\"rejected-app is not bound to buzzer-9\",\"command\":{\"action\":\"beep\"}}");
            Waits.untilTrue("the readings to arrive", WAIT, () -> !rejections.isEmpty(), () -> "no rejection");
        }
        Rejection r = rejections.get(0);
        assertEquals("buzzer-9", r.device());
        assertEquals("rejected-app is not bound to buzzer-9", r.reason());
        assertEquals("{\"action\":\"beep\"}", r.command());
    }

    // Lets time pass on purpose, after what was awaited has arrived: a reading delivered twice, late
    // or too early would show in this time, and there is no state to wait for that says it will not.
    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
