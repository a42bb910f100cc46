package dev.plinth.bootstrapper.supervisor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plinth.contracts.events.Topics;
import dev.plinth.kit.control.Backoff;
import dev.plinth.kit.control.FailureLog;
import dev.plinth.kit.kafka.KafkaCredentials;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Restarts a subsystem or agent of this JVM that died, stopped answering, or stopped heartbeating.
 *
 * <ul>
 *   <li>A context that is no longer running is restarted at the next check.</li>
 *   <li>A subsystem whose {@code /health} gives no HTTP answer (any status counts as an answer), or
 *   whose heartbeats on Kafka stopped while other subsystems' still arrive (so Kafka itself is fine),
 *   is restarted after {@code failuresBeforeRestart} checks in a row.</li>
 *   <li>Restarts of one host back off (1 s, 2 s, 4 s… up to {@code maxBackoff}, with jitter); the
 *   backoff resets after the host stayed up for ten times the check interval.</li>
 * </ul>
 * State lives in MongoDB and Kafka, so a restarted subsystem carries on where it stopped.
 * In a distributed setup ({@code plinth service NAME}) restarting is the process manager's job.
 */
public final class SelfHealing implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SelfHealing.class);

    /**
     * @param checkInterval         how often every host is checked
     * @param failuresBeforeRestart failed checks in a row before a restart
     * @param heartbeatSilence      how long without heartbeats counts as a failed check
     * @param maxBackoff            the longest wait between restarts of one host
     */
    public record Settings(Duration checkInterval, int failuresBeforeRestart, Duration heartbeatSilence, Duration maxBackoff) {
        /** Two-second checks, three strikes, 15 s of silence, 30 s at most between restarts. */
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(2), 3, Duration.ofSeconds(15), Duration.ofSeconds(30));
    }

    private final Supervisor supervisor;
    private final Settings settings;
    private final Backoff restartBackoff;
    private final Map<String, FailureLog> checkFailures = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "self-healing");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Integer> strikes = new ConcurrentHashMap<>();
    private final Map<String, Instant> notBefore = new ConcurrentHashMap<>();
    private final Map<String, Integer> restartsInARow = new ConcurrentHashMap<>();
    private final Map<String, Integer> restarts = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastHeartbeat = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, String> heartbeats;
    private final Thread heartbeatReader;
    private volatile boolean closed;

    /**
     * @param supervisor     the hosts to watch
     * @param kafkaBootstrap where subsystem heartbeats are read
     * @param credentials    how the reader signs in
     * @param settings       thresholds
     */
    public SelfHealing(Supervisor supervisor, String kafkaBootstrap, KafkaCredentials credentials, Settings settings) {
        this.supervisor = supervisor;
        this.settings = settings;
        Duration first = Duration.ofSeconds(1).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : Duration.ofSeconds(1);
        this.restartBackoff = Backoff.exponential(first, settings.maxBackoff()).withJitter(0.2);
        Map<String, Object> config = new HashMap<>(credentials.clientProperties());
        config.put("bootstrap.servers", kafkaBootstrap);
        config.put("group.id", "plinth-self-healing-" + UUID.randomUUID());
        config.put("auto.offset.reset", "latest");
        config.put("enable.auto.commit", "false");
        config.put("client.id", "plinth-self-healing");
        this.heartbeats = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        this.heartbeatReader = new Thread(this::readHeartbeats, "self-healing-heartbeats");
        this.heartbeatReader.setDaemon(true);
    }

    /** Starts watching. */
    public void start() {
        heartbeatReader.start();
        long every = settings.checkInterval().toMillis();
        timer.scheduleWithFixedDelay(this::checkAll, every, every, TimeUnit.MILLISECONDS);
    }

    /** @return how many times each host was restarted */
    public Map<String, Integer> restarts() {
        return Map.copyOf(restarts);
    }

    private void readHeartbeats() {
        ObjectMapper json = new ObjectMapper();
        try {
            heartbeats.subscribe(List.of(Topics.SUBSYSTEM_HEARTBEATS));
            while (!closed) {
                for (ConsumerRecord<String, String> record : heartbeats.poll(Duration.ofSeconds(1))) {
                    try {
                        JsonNode beat = json.readTree(record.value());
                        lastHeartbeat.put(beat.path("subsystem").asText(record.key()), clock.instant());
                    } catch (IOException e) {
                        LOG.debug("unreadable heartbeat: {}", e.getMessage());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("self-healing stopped reading heartbeats: {}", e.getMessage());
            }
        } finally {
            heartbeats.close(Duration.ofSeconds(2));
        }
    }

    private void checkAll() {
        for (SubsystemHost host : supervisor.hosts()) {
            if (closed) {
                return;
            }
            FailureLog failures = checkFailures.computeIfAbsent(host.name(),
                    name -> new FailureLog(LOG, "checking " + name + " failed", "checking " + name + " works again"));
            try {
                check(host);
                failures.recovered();
            } catch (RuntimeException e) {
                failures.failed(e);
            }
        }
    }

    private void check(SubsystemHost host) {
        Instant now = clock.instant();
        if (now.isBefore(notBefore.getOrDefault(host.name(), Instant.EPOCH))) {
            return;
        }
        if (!host.running()) {
            restart(host, "its context is not running");
            return;
        }
        String trouble = null;
        if (host.url() != null && !answers(host.url())) {
            trouble = "its /health gives no answer";
        } else if (host.url() != null && heartbeatsStopped(host.name(), now)) {
            trouble = "its heartbeats stopped while other subsystems' still arrive";
        }
        if (trouble == null) {
            strikes.remove(host.name());
            Instant startedAt = host.startedAt();
            if (startedAt != null && startedAt.plus(settings.checkInterval().multipliedBy(10)).isBefore(now)) {
                restartsInARow.remove(host.name());
            }
            return;
        }
        int count = strikes.merge(host.name(), 1, Integer::sum);
        if (count >= settings.failuresBeforeRestart()) {
            restart(host, trouble + " (" + count + " checks in a row)");
        }
    }

    private boolean heartbeatsStopped(String name, Instant now) {
        Instant mine = lastHeartbeat.get(name);
        boolean othersFresh = lastHeartbeat.entrySet().stream()
                .anyMatch(e -> !e.getKey().equals(name) && e.getValue().plus(settings.heartbeatSilence()).isAfter(now));
        Instant since = mine != null ? mine : supervisor.host(name).map(SubsystemHost::startedAt).orElse(now);
        return othersFresh && since != null && since.plus(settings.heartbeatSilence()).isBefore(now);
    }

    private boolean answers(URI base) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(base.resolve("/health"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() > 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private void restart(SubsystemHost host, String why) {
        if (closed) {
            return;
        }
        int inARow = restartsInARow.merge(host.name(), 1, Integer::sum);
        long backoffMs = restartBackoff.delay(inARow).toMillis();
        LOG.warn("restarting {}: {}", host.name(), why);
        strikes.remove(host.name());
        host.stop();
        try {
            host.start();
            restarts.merge(host.name(), 1, Integer::sum);
            lastHeartbeat.remove(host.name());
            LOG.info("{} restarted ({} time(s) in a row)", host.name(), inARow);
        } catch (RuntimeException e) {
            LOG.error("{} did not restart: {}; trying again in {} ms", host.name(), Supervisor.rootMessage(e), backoffMs);
        }
        notBefore.put(host.name(), clock.instant().plusMillis(backoffMs));
    }

    /** Stops watching; call before stopping the hosts. */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        heartbeats.wakeup();
        try {
            heartbeatReader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
