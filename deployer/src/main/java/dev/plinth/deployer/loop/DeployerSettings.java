package dev.plinth.deployer.loop;

import dev.plinth.deployer.reconcile.ReconcilePolicy;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * How the deployer's loop runs.
 *
 * @param resyncInterval     how often every deployment that may need work is reconciled, events or not
 * @param leaseDuration      how long the loop's lease holds without renewal; another process takes over after it
 * @param leaseRenewInterval how often the lease is renewed (or, by a standby, tried)
 * @param degradedAfter      how long fewer instances than desired may be healthy before RUNNING turns DEGRADED
 * @param failureBudget      failures within {@code failureWindow} after which a first version is given up
 * @param failureWindow      the span failures count in
 * @param backoffBase        the wait before replacing a failed instance after the second failure in the window (the first is replaced at once); doubled per further failure
 * @param backoffCap         the longest such wait
 */
@ConfigurationProperties("plinth.deployer")
public record DeployerSettings(
        @Bindable(defaultValue = "5s") Duration resyncInterval,
        @Bindable(defaultValue = "10s") Duration leaseDuration,
        @Bindable(defaultValue = "2s") Duration leaseRenewInterval,
        @Bindable(defaultValue = "30s") Duration degradedAfter,
        @Bindable(defaultValue = "5") int failureBudget,
        @Bindable(defaultValue = "10m") Duration failureWindow,
        @Bindable(defaultValue = "1s") Duration backoffBase,
        @Bindable(defaultValue = "60s") Duration backoffCap) {

    /** @return the reconciler's limits from these settings */
    public ReconcilePolicy policy() {
        return new ReconcilePolicy(failureBudget, failureWindow, backoffBase, backoffCap, degradedAfter);
    }
}
