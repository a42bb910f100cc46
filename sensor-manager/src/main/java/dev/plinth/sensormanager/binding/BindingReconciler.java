package dev.plinth.sensormanager.binding;

import dev.plinth.kit.control.Backoff;
import dev.plinth.kit.control.WorkQueue;
import dev.plinth.sensormanager.registry.Device;
import dev.plinth.sensormanager.registry.DeviceStore;
import dev.plinth.sensormanager.registry.DevicesChanged;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps {@code bindings} in step with active deployments and registered devices, level-triggered:
 * every pass reads the deployments, their versions' requirements, the devices and the bindings,
 * applies {@link BindingRules} to each requirement, writes what changed and removes bindings of
 * deployments that are no longer active. A pass runs every {@code plinth.sensors.binding-resync},
 * at once when a deployment event arrives, and when this process registers or deletes a device; all
 * of them on the one worker of the kit's {@link WorkQueue}, which merges wake-ups that arrive while a
 * pass waits and, when a pass fails, logs it once and tries again with backoff.
 * Every process computes the same bindings, so several may run; each refreshes its own
 * {@link BindingIndex} from what it computed.
 */
@Singleton
public class BindingReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(BindingReconciler.class);
    /** The queue's one key: every pass covers every deployment. */
    private static final String PASS = "pass";

    private final DeploymentReader deployments;
    private final DeviceStore devices;
    private final BindingStore store;
    private final BindingIndex index;

    private final Clock clock = Clock.systemUTC();
    private final WorkQueue<String> passes = new WorkQueue<>("sensor-bindings", 1,
            Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30)).withJitter(0.2), clock, key -> reconcile());

    public BindingReconciler(DeploymentReader deployments, DeviceStore devices, BindingStore store, BindingIndex index) {
        this.deployments = deployments;
        this.devices = devices;
        this.store = store;
        this.index = index;
        passes.start();
    }

    /** Asks for a pass soon; wake-ups that arrive while one is queued are merged into it. */
    public void wake() {
        passes.wake(PASS);
    }

    @EventListener
    void onDevicesChanged(DevicesChanged change) {
        wake();
    }

    @Scheduled(fixedDelay = "${plinth.sensors.binding-resync:5s}", initialDelay = "1s")
    void resync() {
        wake();
    }

    /**
     * One pass.
     *
     * @return the bindings as they are now
     */
    public synchronized List<Binding> reconcile() {
        List<ActiveDeployment> active = deployments.active();
        List<Candidate> candidates = new ArrayList<>();
        for (Device d : devices.all(null)) {
            candidates.add(Candidate.of(d));
        }
        Map<String, Binding> existing = new HashMap<>();
        for (Binding b : store.all()) {
            existing.put(b.id(), b);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<Binding> desired = new ArrayList<>();
        Set<String> keep = new HashSet<>();
        for (ActiveDeployment deployment : active) {
            for (Requirement requirement : deployment.requirements()) {
                String id = Binding.idOf(deployment.id(), requirement.kind(), requirement.name());
                Binding before = existing.get(id);
                List<String> boundSoFar = before == null ? List.of() : before.devices();
                BindingDecision decision = BindingRules.bind(requirement, deployment.owner(), candidates, boundSoFar);
                Instant boundAt = before != null && before.devices().equals(decision.devices()) ? before.boundAt() : now;
                Binding binding = new Binding(deployment.app(), deployment.id(), requirement, decision.devices(),
                        decision.status(), decision.reason(), boundAt);
                if (!binding.sameAs(before)) {
                    store.save(binding);
                    report(before, binding);
                }
                desired.add(binding);
                keep.add(id);
            }
        }
        Set<String> gone = new HashSet<>(existing.keySet());
        gone.removeAll(keep);
        if (!gone.isEmpty()) {
            store.delete(gone);
            LOG.info("removed the bindings {} of deployments that are no longer active or requirements that are gone", gone);
        }
        index.replace(desired);
        return desired;
    }

    private static void report(Binding before, Binding after) {
        String what = after.app() + " " + after.requirement().kind().wire() + "s '" + after.requirement().name() + "'";
        if (after.status() == BindingStatus.INSUFFICIENT && (before == null || before.status() != BindingStatus.INSUFFICIENT)) {
            LOG.warn("{} of deployment {}: {}", what, after.deploymentId(), after.reason());
        } else if (after.status() == BindingStatus.BOUND && before != null && before.status() == BindingStatus.INSUFFICIENT) {
            LOG.info("{} of deployment {} has all its devices now: {}", what, after.deploymentId(), after.devices());
        } else {
            LOG.info("{} of deployment {} bound to {}", what, after.deploymentId(), after.devices());
        }
    }

    @PreDestroy
    void close() {
        passes.close();
    }
}
