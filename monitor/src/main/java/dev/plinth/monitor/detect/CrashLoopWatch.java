package dev.plinth.monitor.detect;

import dev.plinth.contracts.events.Alert;
import dev.plinth.contracts.events.InstanceState;
import dev.plinth.contracts.events.InstanceStatus;
import dev.plinth.contracts.events.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.scheduling.annotation.Scheduled;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * CRASH_LOOP (WARNING, subject {@code app/NAME}): an app's instances reported EXITED, FAILED or
 * UNHEALTHY more than {@code plinth.monitor.crash-loop-failures} times within
 * {@code plinth.monitor.crash-loop-window} ({@link CrashLoopRule}). A report an agent repeats (same
 * instance, state and time) counts once. Every monitor process sees every report (a consumer group
 * of its own, from now on), since an app's instances are spread over the topic's partitions.
 * Resolved by a successful rollout of the app ({@link DeploymentWatch}).
 */
@KafkaListener(groupId = "monitor-crash-loops", uniqueGroupId = true, uniqueGroupIdDeleteOnShutdown = false,
        offsetReset = OffsetReset.LATEST)
public class CrashLoopWatch {

    /** The subject prefix of app alerts. */
    public static final String APP_PREFIX = "app/";

    private static final Set<InstanceState> FAILURES = EnumSet.of(InstanceState.EXITED, InstanceState.FAILED, InstanceState.UNHEALTHY);

    private final DetectorSettings settings;
    private final AlertPublisher publisher;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, CrashLoopRule.AppFailures> apps = new HashMap<>();
    private final Map<String, InstanceStatus> lastFailure = new HashMap<>();
    private final Map<String, Instant> counted = new HashMap<>();

    public CrashLoopWatch(DetectorSettings settings, AlertPublisher publisher) {
        this.settings = settings;
        this.publisher = publisher;
    }

    @Topic(Topics.INSTANCE_STATUS)
    void receive(InstanceStatus status) {
        if (status.app() == null || status.state() == null || !FAILURES.contains(status.state())) {
            return;
        }
        Instant now = clock.instant();
        String report = status.instanceId() + "|" + status.state() + "|" + status.timestamp();
        synchronized (this) {
            if (counted.putIfAbsent(report, now) != null) {
                return;
            }
            lastFailure.put(status.app(), status);
            judge(status.app(), now, now);
        }
    }

    /** Forgets old failures, and retries a raise that could not be published. */
    @Scheduled(fixedDelay = "5s", initialDelay = "5s")
    synchronized void sweep() {
        Instant now = clock.instant();
        for (String app : Set.copyOf(apps.keySet())) {
            judge(app, null, now);
            if (apps.get(app).failures().isEmpty()) {
                apps.remove(app);
                lastFailure.remove(app);
            }
        }
        counted.values().removeIf(at -> at.isBefore(now.minus(settings.crashLoopWindow())));
    }

    /** Starts the app's count afresh: it rolled out healthy. */
    synchronized void forget(String app) {
        apps.remove(app);
        lastFailure.remove(app);
    }

    private void judge(String app, Instant failedAt, Instant now) {
        CrashLoopRule.Verdict verdict = CrashLoopRule.judge(apps.getOrDefault(app, CrashLoopRule.AppFailures.NONE), failedAt, now,
                settings.crashLoopWindow(), settings.crashLoopFailures());
        CrashLoopRule.AppFailures next = verdict.next();
        if (verdict.raise() && !publisher.raise(Alert.Kind.CRASH_LOOP, Alert.Severity.WARNING, APP_PREFIX + app, app,
                message(app, next.failures().size()), now)) {
            // Not published: stay unraised, so the next failure or sweep tries again.
            next = new CrashLoopRule.AppFailures(next.failures(), false);
        }
        apps.put(app, next);
    }

    private String message(String app, int failures) {
        StringBuilder text = new StringBuilder("app ").append(app).append(": ").append(failures)
                .append(" instance failures within ").append(human(settings.crashLoopWindow()));
        InstanceStatus last = lastFailure.get(app);
        if (last != null) {
            text.append("; the last: instance ").append(last.instanceId()).append(" on node ").append(last.nodeId())
                    .append(' ').append(last.state());
            if (last.exitCode() != null) {
                text.append(" with exit code ").append(last.exitCode());
            }
            if (last.message() != null && !last.message().isBlank()) {
                text.append(": ").append(last.message());
            }
        }
        return text.toString();
    }

    private static String human(Duration d) {
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }
}
