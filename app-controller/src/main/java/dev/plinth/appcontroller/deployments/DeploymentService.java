package dev.plinth.appcontroller.deployments;

import dev.plinth.appcontroller.apps.AppAccess;
import dev.plinth.appcontroller.apps.AppRecord;
import dev.plinth.appcontroller.apps.VersionRecord;
import dev.plinth.appcontroller.apps.VersionRepository;
import dev.plinth.appcontroller.store.AppLock;
import dev.plinth.appcontroller.store.Database;
import dev.plinth.contracts.validation.Problem;
import dev.plinth.kit.errors.ApiException;
import dev.plinth.kit.security.Caller;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Changes the desired state of deployments. An app has at most one active deployment: deploying
 * while one is active changes it (a new version raises its generation and the deployer rolls it
 * out), otherwise a new one is created. Every change is made under the app's lock and announced on
 * {@code deployment.events}. Deploying now is refused while fewer devices are registered than the
 * version's sensors and controllers ask for ({@link DeviceAvailability}).
 */
@Singleton
public class DeploymentService {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentService.class);
    private static final int ATTEMPTS = 5;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AppAccess access;
    private final VersionRepository versions;
    private final DeploymentRepository deployments;
    private final DeploymentEvents events;
    private final AppLock lock;
    private final Clock clock;
    private final int maxInstances;
    private final DeviceAvailability devices;

    public DeploymentService(AppAccess access, VersionRepository versions, DeploymentRepository deployments,
                             DeploymentEvents events, AppLock lock, Clock clock,
                             @Value("${plinth.deployments.max-instances:100}") int maxInstances, DeviceAvailability devices) {
        this.devices = devices;
        this.access = access;
        this.versions = versions;
        this.deployments = deployments;
        this.events = events;
        this.lock = lock;
        this.clock = clock;
        this.maxInstances = maxInstances;
    }

    /**
     * What to deploy.
     *
     * @param app       the app
     * @param version   the version
     * @param instances how many instances
     */
    public record Target(AppRecord app, VersionRecord version, int instances) {
    }

    /** What a deploy request did. */
    public enum Change {
        /** A new deployment was created. */
        CREATED,
        /** The active deployment now runs another version or instance count. */
        UPDATED,
        /** The active deployment already ran that version and count. */
        UNCHANGED
    }

    /**
     * @param change     what happened
     * @param deployment the deployment as it is now
     */
    public record Outcome(Change change, DeploymentRecord deployment) {
    }

    /**
     * Checks a version and instance count asked for, adding a problem for each mistake.
     *
     * @param app       the app
     * @param version   the version asked for, may be null
     * @param instances the count asked for; null for the descriptor's
     * @param problems  where mistakes are added, with paths {@code version} and {@code instances}
     * @return the target, or empty when there were mistakes
     */
    public Optional<Target> check(AppRecord app, @Nullable String version, @Nullable Integer instances, List<Problem> problems) {
        int before = problems.size();
        VersionRecord found = null;
        if (version == null || version.isBlank()) {
            problems.add(new Problem("version", "is required: the version to deploy, one of " + uploaded(app)));
        } else {
            found = versions.find(app.name(), version).orElse(null);
            if (found == null) {
                problems.add(new Problem("version", "version " + version + " of " + app.name()
                        + " was not uploaded; uploaded versions: " + uploaded(app)));
            }
        }
        if (instances != null && (instances < 1 || instances > maxInstances)) {
            problems.add(new Problem("instances", "must be between 1 and " + maxInstances + ", not " + instances));
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Target(app, found, instances != null ? instances : found.descriptor().instances()));
    }

    private String uploaded(AppRecord app) {
        List<VersionRecord> list = versions.list(app.name());
        return list.isEmpty() ? "none yet" : list.stream().map(VersionRecord::version).collect(Collectors.joining(", "));
    }

    /**
     * Deploys now, as a developer asks.
     *
     * @throws ApiException 404 for an app the caller cannot see, 422 with every mistake in the request
     *         and every requirement that too few registered devices meet
     */
    public Outcome deployNow(Caller caller, String appName, @Nullable String version, @Nullable Integer instances) {
        AppRecord app = access.require(caller, appName);
        List<Problem> problems = new ArrayList<>();
        Optional<Target> target = check(app, version, instances, problems);
        if (target.isEmpty()) {
            throw ApiException.invalid("the deployment request has " + problems.size()
                    + (problems.size() == 1 ? " problem" : " problems"), problems);
        }
        List<Problem> missing = devices.shortfalls(target.get().version().descriptor(), app.owner());
        if (!missing.isEmpty()) {
            throw ApiException.invalid(appName + " " + target.get().version().version() + " " + missing.get(0).message()
                    + (missing.size() > 1 ? " (and " + (missing.size() - 1) + " more)" : "")
                    + ": register the devices (POST /api/sensors) or ask an admin to share some with " + app.owner()
                    + ", then deploy again", missing);
        }
        return apply(target.get(), appName + "-" + randomSuffix(), null);
    }

    /**
     * Makes the app's active deployment run the target, or creates one. Safe to repeat: the same
     * target again changes nothing, and a new deployment's id makes a retried creation find it.
     *
     * @param target     what to run
     * @param newId      the id a new deployment gets
     * @param scheduleId the schedule asking, or null
     * @return what changed
     */
    public Outcome apply(Target target, String newId, @Nullable String scheduleId) {
        String app = target.app().name();
        return lock.withLock(app, () -> {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                Instant now = clock.instant();
                Optional<DeploymentRecord> active = deployments.findActive(app);
                if (active.isPresent()) {
                    DeploymentRecord d = active.get();
                    if (d.version().equals(target.version().version()) && d.instances() == target.instances()) {
                        return new Outcome(Change.UNCHANGED, d);
                    }
                    if (deployments.changeDesired(d.id(), d.generation(), target.version().version(), target.instances(),
                            InstanceSpecDocument.of(target.version()), now)) {
                        DeploymentRecord changed = deployments.find(d.id()).orElseThrow();
                        events.desired(changed);
                        LOG.info("deployment {} of {} now wants {} x {} (generation {})", d.id(), app,
                                changed.version(), changed.instances(), changed.generation());
                        return new Outcome(Change.UPDATED, changed);
                    }
                    continue; // the deployer changed it meanwhile; read it again
                }
                DeploymentRecord created = new DeploymentRecord(newId, app, target.app().owner(), target.version().version(),
                        target.instances(), 1, true, InstanceSpecDocument.of(target.version()), null,
                        DeploymentRecord.PENDING, null, scheduleId, now, now, now);
                try {
                    deployments.insert(created);
                } catch (RuntimeException e) {
                    if (Database.duplicateKey(e)) {
                        // A retried firing of a schedule: the deployment it made is there already.
                        Optional<DeploymentRecord> existing = deployments.find(newId);
                        if (existing.isPresent()) {
                            return new Outcome(Change.UNCHANGED, existing.get());
                        }
                    }
                    throw e;
                }
                events.desired(created);
                LOG.info("deployment {} of {} created: {} x {}", newId, app, created.version(), created.instances());
                return new Outcome(Change.CREATED, created);
            }
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE,
                    "the deployment of " + app + " kept changing while it was being updated; try again");
        });
    }

    /** @return the app's deployments, newest first */
    public List<DeploymentRecord> list(Caller caller, String appName) {
        access.require(caller, appName);
        return deployments.list(appName);
    }

    /**
     * @return the deployment
     * @throws ApiException 404 when the app or the deployment is not there for the caller
     */
    public DeploymentRecord get(Caller caller, String appName, String id) {
        access.require(caller, appName);
        return deployments.find(id).filter(d -> d.app().equals(appName))
                .orElseThrow(() -> ApiException.notFound("deployment '" + id + "' of app '" + appName + "'"));
    }

    /**
     * Stops a deployment as a developer asks: it stays on record, inactive, and the deployer stops
     * its instances. Stopping a stopped deployment changes nothing.
     */
    public DeploymentRecord stop(Caller caller, String appName, String id) {
        get(caller, appName, id);
        return stop(appName, id, "stopped by " + caller.name());
    }

    /**
     * Stops a deployment if it is still active.
     *
     * @param appName the app
     * @param id      the deployment
     * @param reason  why, for people
     * @return the deployment as it is now
     */
    public DeploymentRecord stop(String appName, String id, String reason) {
        return lock.withLock(appName, () -> {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                DeploymentRecord d = deployments.find(id)
                        .orElseThrow(() -> ApiException.notFound("deployment '" + id + "' of app '" + appName + "'"));
                if (!d.active()) {
                    return d;
                }
                if (deployments.stop(id, d.generation(), clock.instant())) {
                    DeploymentRecord stopped = deployments.find(id).orElseThrow();
                    events.stopped(stopped, reason);
                    LOG.info("deployment {} of {} stopped: {}", id, appName, reason);
                    return stopped;
                }
            }
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE,
                    "deployment " + id + " kept changing while it was being stopped; try again");
        });
    }

    private static String randomSuffix() {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
