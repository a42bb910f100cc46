package dev.plinth.logger.store;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * The logger's settings.
 *
 * @param retention     how long log lines are kept ({@code plinth.logs.retention}, default 7 days)
 * @param sweepInterval how often lines older than the retention are removed, in addition to
 *                      MongoDB's TTL index (which the embedded server does not run)
 * @param tailKeepAlive how often a live tail with nothing to say sends a keep-alive comment
 * @param tailBuffer    how many lines a slow live-tail client may fall behind before the oldest
 *                      are dropped for it
 */
@ConfigurationProperties("plinth.logs")
public record LogSettings(
        @Bindable(defaultValue = "7d") Duration retention,
        @Bindable(defaultValue = "1m") Duration sweepInterval,
        @Bindable(defaultValue = "15s") Duration tailKeepAlive,
        @Bindable(defaultValue = "256") int tailBuffer) {

    public LogSettings {
        if (retention.isNegative() || retention.toSeconds() < 1) {
            throw new IllegalArgumentException("plinth.logs.retention must be at least one second, as 7d or 12h; it is " + retention);
        }
        if (tailKeepAlive.isNegative() || tailKeepAlive.isZero()) {
            throw new IllegalArgumentException("plinth.logs.tail-keep-alive must be positive, as 15s");
        }
        tailBuffer = Math.max(16, tailBuffer);
    }
}
