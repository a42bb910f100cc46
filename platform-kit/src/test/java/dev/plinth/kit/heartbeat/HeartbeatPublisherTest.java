package dev.plinth.kit.heartbeat;

import dev.plinth.kit.subsystem.SubsystemSettings;
import io.micronaut.management.health.aggregator.DefaultHealthAggregator;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.runtime.ApplicationConfiguration;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A shutdown and a heartbeat never overlap, and nothing is sent once the publisher stopped. */
class HeartbeatPublisherTest {

    @Test
    void aStopWaitsForTheBeatUnderWayAndNoBeatFollowsIt() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SubsystemHeartbeatClient client = (subsystem, heartbeat) -> {
            events.add("send " + heartbeat.sequence());
            sending.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            events.add("sent " + heartbeat.sequence());
        };
        HeartbeatPublisher publisher = new HeartbeatPublisher(new SubsystemSettings("deployer", null, Duration.ofSeconds(2)),
                client, new KafkaLink(), new DefaultHealthAggregator(new ApplicationConfiguration()), new HealthIndicator[0]);

        Thread beat = new Thread(publisher::beat, "beat");
        beat.start();
        assertTrue(sending.await(30, TimeUnit.SECONDS), "the beat reached the client");
        Thread stopper = new Thread(() -> {
            publisher.stop();
            events.add("stopped");
        }, "stopper");
        stopper.start();
        // The stop waits on the beat under way (a stop that did not wait would end at once).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (stopper.getState() != Thread.State.TIMED_WAITING && stopper.isAlive() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        release.countDown();
        beat.join(30_000);
        stopper.join(30_000);

        publisher.beat();
        assertEquals(List.of("send 1", "sent 1", "stopped"), events);
    }
}
