package dev.plinth.appcontroller.api;

import dev.plinth.appcontroller.apps.AppService;
import dev.plinth.appcontroller.apps.VersionRecord;
import dev.plinth.appcontroller.deployments.DeploymentRecord;
import dev.plinth.appcontroller.deployments.InstanceReader;
import dev.plinth.appcontroller.deployments.InstanceRecord;
import dev.plinth.appcontroller.schedules.ScheduleRecord;
import dev.plinth.contracts.descriptor.AppDescriptor;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;

/**
 * The JSON bodies of app-controller's answers (apps, versions, deployments with their instances,
 * schedules), built from the stored records with links through the gateway added.
 */
@Singleton
public class AppResponses {

    private final InstanceReader instances;
    private final String gatewayUrl;

    public AppResponses(InstanceReader instances,
                        @Value("${plinth.gateway.url:`http://localhost:8080`}") String gatewayUrl) {
        this.instances = instances;
        this.gatewayUrl = gatewayUrl.endsWith("/") ? gatewayUrl.substring(0, gatewayUrl.length() - 1) : gatewayUrl;
    }

    /** @return where the app is reached through the gateway */
    public String link(String app) {
        return gatewayUrl + "/apps/" + app + "/";
    }

    /**
     * An app.
     *
     * @param name          its name
     * @param owner         its owner
     * @param description   its latest version's description
     * @param latestVersion its latest version, null when none is left
     * @param createdAt     when it was first uploaded
     * @param updatedAt     when it last changed
     * @param link          where it is reached
     * @param deployment    its active deployment, null when none
     */
    @Serdeable
    public record AppView(String name, String owner, String description, @Nullable String latestVersion,
                          Instant createdAt, Instant updatedAt, String link, @Nullable DeploymentSummary deployment) {
    }

    /**
     * The active deployment of an app, in brief.
     *
     * @param id               its id
     * @param status           the deployer's status
     * @param reason           why FAILED or DEGRADED
     * @param version          the version it runs
     * @param desiredInstances how many instances it should run
     * @param link             where the app is reached
     */
    @Serdeable
    public record DeploymentSummary(String id, String status, @Nullable String reason, String version,
                                    int desiredInstances, String link) {
    }

    /**
     * A version.
     *
     * @param app               the app
     * @param version           the version
     * @param owner             the app's owner
     * @param sha256            the package's sha256
     * @param sizeBytes         the package's size
     * @param uncompressedBytes what it unpacks to
     * @param entryCount        how many entries it holds
     * @param description       its description
     * @param uploadedAt        when it was uploaded
     * @param runtimes          the runtimes it can run on: {@code process}, {@code docker} or both
     * @param descriptor        its {@code plinth.yaml} with defaults filled in; null in lists
     */
    @Serdeable
    public record VersionView(String app, String version, String owner, String sha256, long sizeBytes,
                              long uncompressedBytes, int entryCount, String description, Instant uploadedAt,
                              List<String> runtimes, @Nullable AppDescriptor descriptor) {
    }

    /**
     * A deployment.
     *
     * @param id               its id
     * @param app              its app
     * @param version          the version it should run
     * @param desiredInstances how many instances it should run
     * @param generation       its desired generation
     * @param active           false once stopped
     * @param status           the deployer's status
     * @param reason           why FAILED or DEGRADED
     * @param stableVersion    the last fully rolled-out version
     * @param scheduleId       the schedule that created it
     * @param createdAt        when it was created
     * @param updatedAt        when its desired state last changed
     * @param statusAt         when its status last changed
     * @param link             where the app is reached
     * @param instances        its live instances
     */
    @Serdeable
    public record DeploymentView(String id, String app, String version, int desiredInstances, long generation,
                                 boolean active, String status, @Nullable String reason, @Nullable String stableVersion,
                                 @Nullable String scheduleId, Instant createdAt, Instant updatedAt,
                                 @Nullable Instant statusAt, String link, List<InstanceView> instances) {
    }

    /**
     * An instance.
     *
     * @param id      its id
     * @param node    the node it runs on, null until placed
     * @param state   what its agent last reported
     * @param version the version it runs
     * @param port    its port, null until placed
     * @param desired RUN or STOP
     * @param message a detail, such as why it is not placed
     */
    @Serdeable
    public record InstanceView(String id, @Nullable String node, String state, String version, @Nullable Integer port,
                               String desired, @Nullable String message) {
    }

    /**
     * A schedule.
     *
     * @param id              its id
     * @param app             its app
     * @param kind            AT or CRON
     * @param version         the version it deploys
     * @param instances       how many instances
     * @param at              when an AT schedule fires
     * @param cron            a CRON schedule's expression
     * @param zone            its time zone
     * @param durationSeconds how long each run lasts
     * @param until           when runs end for good
     * @param nextFireAt      when it fires next
     * @param stopAt          when the running run stops
     * @param state           ACTIVE, DONE or CANCELLED
     * @param fired           every firing so far
     * @param createdAt       when it was made
     */
    @Serdeable
    public record ScheduleView(String id, String app, String kind, String version, int instances, @Nullable Instant at,
                               @Nullable String cron, @Nullable String zone, @Nullable Long durationSeconds,
                               @Nullable Instant until, @Nullable Instant nextFireAt, @Nullable Instant stopAt,
                               String state, List<FiringView> fired, Instant createdAt) {
    }

    /**
     * A firing of a schedule.
     *
     * @param at           when it was due
     * @param deploymentId the deployment it made or changed
     * @param error        why it could not deploy
     */
    @Serdeable
    public record FiringView(Instant at, @Nullable String deploymentId, @Nullable String error) {
    }

    /**
     * The answer to cancelling a schedule.
     *
     * @param message  what happened and what keeps running
     * @param schedule the schedule as it is now
     */
    @Serdeable
    public record CancellationView(String message, ScheduleView schedule) {
    }

    AppView app(AppService.AppOverview overview) {
        var app = overview.app();
        DeploymentSummary deployment = overview.deployment().map(d -> new DeploymentSummary(d.id(), d.status(), d.reason(),
                d.version(), d.instances(), link(d.app()))).orElse(null);
        return new AppView(app.name(), app.owner(), app.description(), app.latestVersion(), app.createdAt(),
                app.updatedAt(), link(app.name()), deployment);
    }

    VersionView version(VersionRecord v, boolean withDescriptor) {
        return new VersionView(v.app(), v.version(), v.owner(), v.sha256(), v.sizeBytes(), v.uncompressedBytes(),
                v.entryCount(), v.descriptor().description(), v.uploadedAt(), v.runtimes(),
                withDescriptor ? v.descriptor() : null);
    }

    DeploymentView deployment(DeploymentRecord d) {
        List<InstanceView> live = instances.ofDeployment(d.id()).stream().map(AppResponses::instance).toList();
        return new DeploymentView(d.id(), d.app(), d.version(), d.instances(), d.generation(), d.active(), d.status(),
                d.reason(), d.stableVersion(), d.scheduleId(), d.createdAt(), d.updatedAt(), d.statusAt(), link(d.app()), live);
    }

    private static InstanceView instance(InstanceRecord i) {
        return new InstanceView(i.id(), i.node(), i.state(), i.version(), i.port(), i.desired(), i.message());
    }

    ScheduleView schedule(ScheduleRecord s) {
        return new ScheduleView(s.id(), s.app(), s.kind(), s.version(), s.instances(), s.at(), s.cron(), s.zone(),
                s.durationSeconds(), s.until(), s.nextFireAt(), s.stopAt(), s.state(),
                s.fired().stream().map(f -> new FiringView(f.at(), f.deploymentId(), f.error())).toList(), s.createdAt());
    }
}
