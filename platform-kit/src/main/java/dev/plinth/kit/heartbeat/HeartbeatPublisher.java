package dev.plinth.kit.heartbeat;

import dev.plinth.contracts.events.SubsystemHeartbeat;
import dev.plinth.kit.control.StopGate;
import dev.plinth.kit.subsystem.SubsystemSettings;
import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.endpoint.health.HealthLevelOfDetail;
import io.micronaut.management.health.aggregator.HealthAggregator;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Announces this subsystem on {@code subsystem.heartbeats} every couple of seconds, with whether
 * its own health checks pass. The monitor and {@code plinth status} read these.
 */
@Singleton
@Requires(property = "plinth.subsystem.name")
public class HeartbeatPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatPublisher.class);

    private final SubsystemSettings settings;
    private final SubsystemHeartbeatClient client;
    private final HealthAggregator<? extends HealthResult> aggregator;
    private final HealthIndicator[] indicators;
    private final String processId = UUID.randomUUID().toString();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final KafkaLink link;
    private final StopGate gate = new StopGate();

    /** How long a shutdown waits for a heartbeat being sent. */
    static final Duration STOP_WAIT = Duration.ofSeconds(10);

    public HeartbeatPublisher(SubsystemSettings settings, SubsystemHeartbeatClient client, KafkaLink link,
                              HealthAggregator<? extends HealthResult> aggregator, HealthIndicator[] indicators) {
        this.settings = settings;
        this.link = link;
        this.client = client;
        this.aggregator = aggregator;
        this.indicators = indicators;
    }

    @Scheduled(fixedDelay = "${plinth.subsystem.heartbeat-interval:2s}", initialDelay = "1s")
    void beat() {
        // A beat and the context's shutdown must not overlap: see StopGate.
        gate.run(this::send);
    }

    /** Stops beating before the context closes the Kafka client, waiting for a beat under way. */
    @PreDestroy
    void stop() {
        if (!gate.close(STOP_WAIT)) {
            LOG.warn("a heartbeat of {} was still being sent after {} s at shutdown", settings.name(), STOP_WAIT.toSeconds());
        }
    }

    private void send() {
        try {
            boolean healthy = healthy();
            client.send(settings.name(), new SubsystemHeartbeat(settings.name(), processId, sequence.incrementAndGet(),
                    healthy, settings.url() == null ? "" : settings.url(), Instant.now()));
            link.delivered();
            if (failing.compareAndSet(true, false)) {
                LOG.info("heartbeats of {} reach Kafka again", settings.name());
            }
        } catch (RuntimeException e) {
            link.failed(String.valueOf(e.getMessage()));
            if (failing.compareAndSet(false, true)) {
                LOG.warn("cannot publish the heartbeat of {}: {}", settings.name(), e.getMessage());
            }
        }
    }

    private boolean healthy() {
        HealthStatus status = Mono.from(aggregator.aggregate(indicators, HealthLevelOfDetail.STATUS))
                .map(HealthResult::getStatus)
                .block(Duration.ofSeconds(5));
        return HealthStatus.UP.equals(status);
    }

    /** @return this run's id, which changes when the subsystem restarts */
    public String processId() {
        return processId;
    }
}
