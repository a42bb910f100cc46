package dev.plinth.monitor.metrics;

import dev.plinth.contracts.events.Alert;
import dev.plinth.kit.metrics.FieldCounts;
import dev.plinth.monitor.alerts.AlertStore;
import dev.plinth.monitor.alerts.AlertWebhook;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/**
 * The monitor's own meters:
 * <ul>
 *   <li>{@code plinth.alerts.open} (gauge, tag {@code kind}): alerts neither acknowledged nor
 *       resolved, from MongoDB, at most a few seconds old;</li>
 *   <li>{@code plinth.alerts.webhook} (counter, tag {@code outcome}: {@code delivered},
 *       {@code failed_attempt}, {@code given_up}, {@code dropped}): what became of webhook posts.</li>
 * </ul>
 */
@Singleton
public class MonitorMeters implements MeterBinder {

    private static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private final AlertStore store;
    private final AlertWebhook webhook;

    public MonitorMeters(AlertStore store, AlertWebhook webhook) {
        this.store = store;
        this.webhook = webhook;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        new FieldCounts(store.collection(), "kind", AlertStore.openFilter(), FRESH_FOR, Clock.systemUTC())
                .register(registry, "plinth.alerts.open", "Alerts neither acknowledged nor resolved", "kind",
                        Arrays.stream(Alert.Kind.values()).map(Enum::name).toList());
        webhookCounter(registry, "delivered", AlertWebhook::delivered);
        webhookCounter(registry, "failed_attempt", AlertWebhook::failedAttempts);
        webhookCounter(registry, "given_up", AlertWebhook::givenUp);
        webhookCounter(registry, "dropped", AlertWebhook::dropped);
    }

    private void webhookCounter(MeterRegistry registry, String outcome, ToDoubleFunction<AlertWebhook> count) {
        FunctionCounter.builder("plinth.alerts.webhook", webhook, count)
                .description("Posts of new alerts to the webhook, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }
}
