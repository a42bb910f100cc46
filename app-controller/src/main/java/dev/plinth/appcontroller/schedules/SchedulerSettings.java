package dev.plinth.appcontroller.schedules;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * How the scheduler loop runs.
 *
 * @param enabled      whether this process fires schedules (any number of processes may)
 * @param interval     how often it looks for due schedules
 * @param claimTimeout how long a claimed schedule stays claimed if its scheduler dies while firing it
 * @param maxPerTick   how many schedules one look handles at most
 */
@ConfigurationProperties("plinth.scheduler")
public record SchedulerSettings(
        @Bindable(defaultValue = "true") boolean enabled,
        @Bindable(defaultValue = "1s") Duration interval,
        @Bindable(defaultValue = "60s") Duration claimTimeout,
        @Bindable(defaultValue = "100") int maxPerTick) {

    /** @return the settings used when nothing is configured */
    public static SchedulerSettings defaults() {
        return new SchedulerSettings(true, Duration.ofSeconds(1), Duration.ofSeconds(60), 100);
    }
}
