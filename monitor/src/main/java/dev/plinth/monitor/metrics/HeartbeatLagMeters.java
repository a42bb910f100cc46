package dev.plinth.monitor.metrics;

import dev.plinth.monitor.detect.HeartbeatTracker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;

/**
 * {@code plinth.heartbeat.lag} (Prometheus: {@code plinth_heartbeat_lag_seconds}): for each node and
 * subsystem the monitor heard from, how long ago its last heartbeat was sent, by the sender's own
 * timestamp ({@code now − heartbeat timestamp}), tagged {@code source=node|subsystem} and
 * {@code name}. It grows while a source is silent; a clock that is off shows as a constant offset.
 */
@Singleton
@Requires(bean = MeterRegistry.class)
public class HeartbeatLagMeters {

    /** The tag value of node agents. */
    public static final String NODE = "node";
    /** The tag value of subsystems. */
    public static final String SUBSYSTEM = "subsystem";
    /** The meter's name. */
    public static final String NAME = "plinth.heartbeat.lag";

    private final MeterRegistry registry;
    private final Clock clock = Clock.systemUTC();

    public HeartbeatLagMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Registers the lag gauge of a source (again is harmless).
     *
     * @param source  {@link #NODE} or {@link #SUBSYSTEM}
     * @param name    the node's or subsystem's name
     * @param tracker where its heartbeats are recorded
     */
    public void watch(String source, String name, HeartbeatTracker tracker) {
        Gauge.builder(NAME, tracker, t -> lagSeconds(t, name))
                .description("Time since the last heartbeat was sent, by its own timestamp")
                .baseUnit("seconds")
                .tags("source", source, "name", name)
                .strongReference(true)
                .register(registry);
    }

    private double lagSeconds(HeartbeatTracker tracker, String name) {
        HeartbeatTracker.Source source = tracker.source(name);
        Duration lag = source == null ? null : source.lag(clock.instant());
        return lag == null ? Double.NaN : lag.toMillis() / 1000.0;
    }
}
