package dev.plinth.monitor.alerts;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.net.URI;
import java.time.Duration;

/**
 * Settings of the alert store and webhook ({@code plinth.alerts.*}).
 *
 * @param retention         how long a resolved or acknowledged alert is kept after it closed (default 30 days)
 * @param sweepInterval     how often closed alerts older than the retention are removed
 * @param webhookUrl        where each new alert is POSTed as JSON; none when unset
 * @param webhookAttempts   how many times a delivery is tried before it is given up
 * @param webhookBackoff    the wait before the second attempt; it doubles for each further one
 * @param webhookMaxBackoff the longest wait between two attempts
 * @param webhookTimeout    how long one attempt may take
 * @param webhookQueue      how many alerts may wait for delivery; more are dropped with a warning
 */
@ConfigurationProperties("plinth.alerts")
public record AlertSettings(
        @Bindable(defaultValue = "30d") Duration retention,
        @Bindable(defaultValue = "10m") Duration sweepInterval,
        @Nullable URI webhookUrl,
        @Bindable(defaultValue = "6") int webhookAttempts,
        @Bindable(defaultValue = "1s") Duration webhookBackoff,
        @Bindable(defaultValue = "1m") Duration webhookMaxBackoff,
        @Bindable(defaultValue = "10s") Duration webhookTimeout,
        @Bindable(defaultValue = "1000") int webhookQueue) {

    public AlertSettings {
        if (retention.isNegative() || retention.toSeconds() < 1) {
            throw new IllegalArgumentException("plinth.alerts.retention must be at least one second, as 30d; it is " + retention);
        }
        if (webhookUrl != null && !("http".equalsIgnoreCase(webhookUrl.getScheme()) || "https".equalsIgnoreCase(webhookUrl.getScheme()))) {
            throw new IllegalArgumentException("plinth.alerts.webhook-url must be an http or https URL; it is " + webhookUrl);
        }
        if (webhookBackoff.isNegative() || webhookMaxBackoff.isNegative() || webhookTimeout.isNegative() || webhookTimeout.isZero()) {
            throw new IllegalArgumentException("plinth.alerts.webhook-backoff, -max-backoff and -timeout must be positive");
        }
        webhookAttempts = Math.max(1, webhookAttempts);
        webhookQueue = Math.max(1, webhookQueue);
    }
}
