package dev.plinth.gateway.auth;

import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits sign-in and registration attempts per client: a token bucket per client address that
 * holds {@code attemptsPerMinute} attempts and refills at that rate.
 */
@Singleton
public class AttemptLimiter {

    private final double capacity;
    private final double refillPerSecond;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public AttemptLimiter(AuthSettings settings) {
        this(settings.attemptsPerMinute(), Clock.systemUTC());
    }

    AttemptLimiter(int perMinute, Clock clock) {
        this.capacity = Math.max(1, perMinute);
        this.refillPerSecond = capacity / 60.0;
        this.clock = clock;
    }

    /**
     * Takes one attempt for a client.
     *
     * @return empty when allowed, else how long to wait before the next attempt is allowed
     */
    public java.util.Optional<Duration> tryAcquire(String client) {
        Instant now = clock.instant();
        if (buckets.size() > 10_000) {
            buckets.values().removeIf(b -> b.full(now));
        }
        Bucket bucket = buckets.computeIfAbsent(client, k -> new Bucket(capacity, now));
        synchronized (bucket) {
            bucket.refill(now);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return java.util.Optional.empty();
            }
            long waitMillis = (long) Math.ceil((1 - bucket.tokens) / refillPerSecond * 1000);
            return java.util.Optional.of(Duration.ofMillis(waitMillis));
        }
    }

    private final class Bucket {
        double tokens;
        Instant updated;

        Bucket(double tokens, Instant updated) {
            this.tokens = tokens;
            this.updated = updated;
        }

        void refill(Instant now) {
            double seconds = Duration.between(updated, now).toMillis() / 1000.0;
            tokens = Math.min(capacity, tokens + seconds * refillPerSecond);
            updated = now;
        }

        boolean full(Instant now) {
            synchronized (this) {
                refill(now);
                return tokens >= capacity;
            }
        }
    }
}
