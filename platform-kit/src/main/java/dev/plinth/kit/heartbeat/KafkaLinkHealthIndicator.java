package dev.plinth.kit.heartbeat;

import dev.plinth.kit.subsystem.SubsystemSettings;
import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether this subsystem reaches Kafka, judged by its own heartbeats: Kafka acknowledged one
 * within the last few intervals. Cheaper than an admin client per subsystem, and it tests the
 * path that matters, producing.
 */
@Singleton
@Requires(property = "plinth.subsystem.name")
public class KafkaLinkHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final KafkaLink heartbeats;
    private final Duration allowedSilence;
    private final Instant createdAt = Instant.now();

    public KafkaLinkHealthIndicator(KafkaLink heartbeats, SubsystemSettings settings) {
        this.heartbeats = heartbeats;
        this.allowedSilence = settings.heartbeatInterval().multipliedBy(4).plusSeconds(2);
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Instant last = heartbeats.lastDelivered();
        Instant now = Instant.now();
        boolean starting = last == null && Duration.between(createdAt, now).compareTo(allowedSilence) < 0;
        boolean fresh = last != null && Duration.between(last, now).compareTo(allowedSilence) < 0;
        healthStatus = fresh || starting ? HealthStatus.UP : HealthStatus.DOWN;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("lastHeartbeatAcknowledged", last == null ? "never" : last.toString());
        if (!fresh && !starting) {
            details.put("error", heartbeats.lastError());
        }
        return details;
    }

    @Override
    protected String getName() {
        return "kafka";
    }
}
