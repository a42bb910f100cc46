package dev.plinth.appcontroller.schedules;

import dev.plinth.appcontroller.apps.AppAccess;
import dev.plinth.appcontroller.apps.AppRecord;
import dev.plinth.appcontroller.deployments.DeploymentRecord;
import dev.plinth.appcontroller.deployments.DeploymentRepository;
import dev.plinth.appcontroller.deployments.DeploymentService;
import dev.plinth.appcontroller.store.AppLock;
import dev.plinth.appcontroller.store.ClockFactory;
import dev.plinth.contracts.validation.Problem;
import dev.plinth.kit.errors.ApiException;
import dev.plinth.kit.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Creates, lists and cancels schedules. */
@Singleton
public class ScheduleService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AppAccess access;
    private final DeploymentService deployments;
    private final DeploymentRepository deploymentRecords;
    private final ScheduleRepository schedules;
    private final AppLock lock;
    private final Clock clock;

    public ScheduleService(AppAccess access, DeploymentService deployments, DeploymentRepository deploymentRecords,
                           ScheduleRepository schedules, AppLock lock,
                           @Named(ClockFactory.SCHEDULES) Clock clock) {
        this.access = access;
        this.deployments = deployments;
        this.deploymentRecords = deploymentRecords;
        this.schedules = schedules;
        this.lock = lock;
        this.clock = clock;
    }

    /**
     * Schedules a deployment.
     *
     * @param caller    who asks
     * @param appName   the app
     * @param version   the version to deploy
     * @param instances how many instances, null for the descriptor's
     * @param schedule  when, as {@link ScheduleRules} reads it (not "now")
     * @return the new schedule
     * @throws ApiException 404 for an app the caller cannot see, 422 with every mistake in the request
     */
    public ScheduleRecord create(Caller caller, String appName, @Nullable String version, @Nullable Integer instances,
                                 JsonNode schedule) {
        AppRecord app = access.require(caller, appName);
        Instant now = clock.instant();
        List<Problem> problems = new ArrayList<>();
        Optional<DeploymentService.Target> target = deployments.check(app, version, instances, problems);
        Optional<ScheduleRules.Parsed> parsed = ScheduleRules.parse(schedule, now, problems);
        if (!problems.isEmpty()) {
            throw ApiException.invalid("the schedule request has " + problems.size()
                    + (problems.size() == 1 ? " problem" : " problems"), problems);
        }
        ScheduleRules.Parsed p = parsed.orElseThrow();
        DeploymentService.Target t = target.orElseThrow();
        ScheduleRecord record = new ScheduleRecord(appName + "-" + randomSuffix(), appName, app.owner(), p.kind(),
                t.version().version(), t.instances(), p.at(), p.cron(), p.zone(), p.durationSeconds(), p.until(),
                p.firstFireAt(), null, ScheduleRecord.ACTIVE, List.of(), now);
        return lock.withLock(appName, () -> {
            // The app may have been deleted while the request was checked.
            access.require(caller, appName);
            schedules.insert(record);
            return record;
        });
    }

    /** @return the app's schedules, newest first */
    public List<ScheduleRecord> list(Caller caller, String appName) {
        access.require(caller, appName);
        return schedules.list(appName);
    }

    /**
     * What cancelling did.
     *
     * @param schedule the schedule as it is now
     * @param message  what happened and what is left running, for people
     */
    public record Cancellation(ScheduleRecord schedule, String message) {
    }

    /**
     * Cancels a schedule: it fires no more and stops nothing. A deployment it started keeps running.
     *
     * @throws ApiException 404 when the app or schedule is not there for the caller
     */
    public Cancellation cancel(Caller caller, String appName, String id) {
        access.require(caller, appName);
        ScheduleRecord before = schedules.find(id).filter(s -> s.app().equals(appName))
                .orElseThrow(() -> ApiException.notFound("schedule '" + id + "' of app '" + appName + "'"));
        boolean cancelled = schedules.cancel(id, clock.instant());
        ScheduleRecord after = schedules.find(id).orElse(before);
        if (!cancelled) {
            return new Cancellation(after, "schedule " + id + " was already " + after.state() + "; nothing changed");
        }
        String message = "schedule " + id + " is cancelled and will not deploy again";
        String running = before.lastDeploymentId();
        Optional<DeploymentRecord> started = running == null ? Optional.empty()
                : deploymentRecords.find(running).filter(DeploymentRecord::active);
        if (started.isPresent()) {
            message += ". The deployment it started, " + running + ", keeps running until you stop it: DELETE /api/apps/"
                    + appName + "/deployments/" + running;
        }
        return new Cancellation(after, message);
    }

    private static String randomSuffix() {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
