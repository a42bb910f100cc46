package dev.plinth.appcontroller.apps;

import dev.plinth.appcontroller.deployments.DeploymentRecord;
import dev.plinth.appcontroller.deployments.DeploymentRepository;
import dev.plinth.appcontroller.deployments.InstanceReader;
import dev.plinth.appcontroller.schedules.ScheduleRecord;
import dev.plinth.appcontroller.schedules.ScheduleRepository;
import dev.plinth.appcontroller.store.AppLock;
import dev.plinth.kit.errors.ApiException;
import dev.plinth.kit.security.Caller;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Apps and versions as their owners (and admins) see them, and deleting them. Nothing that runs or is
 * scheduled to run can be deleted: stop or cancel it first.
 */
@Singleton
public class AppService {

    private static final Logger LOG = LoggerFactory.getLogger(AppService.class);

    private final AppAccess access;
    private final AppRepository apps;
    private final VersionRepository versions;
    private final DeploymentRepository deployments;
    private final ScheduleRepository schedules;
    private final UnusedArtifacts unused;
    private final AppEvents events;
    private final AppLock lock;
    private final Clock clock;
    private final InstanceReader instances;

    public AppService(AppAccess access, AppRepository apps, VersionRepository versions, DeploymentRepository deployments,
                      ScheduleRepository schedules, UnusedArtifacts unused, AppEvents events, AppLock lock, Clock clock,
                      InstanceReader instances) {
        this.instances = instances;
        this.access = access;
        this.apps = apps;
        this.versions = versions;
        this.deployments = deployments;
        this.schedules = schedules;
        this.unused = unused;
        this.events = events;
        this.lock = lock;
        this.clock = clock;
    }

    /**
     * An app with its active deployment.
     *
     * @param app        the app
     * @param deployment its active deployment, if any
     */
    public record AppOverview(AppRecord app, Optional<DeploymentRecord> deployment) {
    }

    /** @return the caller's apps (every app for an admin), by name */
    public List<AppOverview> list(Caller caller) {
        return apps.list(caller.admin() ? null : caller.name()).stream()
                .map(app -> new AppOverview(app, deployments.findActive(app.name())))
                .toList();
    }

    /** @return one app, 404 when the caller cannot see it */
    public AppOverview get(Caller caller, String name) {
        AppRecord app = access.require(caller, name);
        return new AppOverview(app, deployments.findActive(name));
    }

    /** @return the app's versions, newest first */
    public List<VersionRecord> versions(Caller caller, String name) {
        access.require(caller, name);
        return versions.list(name);
    }

    /** @return one version of the app */
    public VersionRecord version(Caller caller, String name, String version) {
        access.require(caller, name);
        return versions.find(name, version).orElseThrow(() -> versionNotFound(name, version));
    }

    /**
     * Deletes an app: its versions, their artifacts, its stopped deployments and finished schedules.
     *
     * @throws ApiException 409 while it has an active deployment, a stopped one whose instances the
     *                      deployer has not stopped yet, an instance that has not ended (but on a lost
     *                      node), or an active schedule
     */
    public void delete(Caller caller, String name) {
        access.require(caller, name);
        AppRecord deleted = lock.withLock(name, () -> {
            AppRecord app = access.require(caller, name);
            Optional<DeploymentRecord> active = deployments.findActive(name);
            if (active.isPresent()) {
                throw ApiException.conflict("app " + name + " has an active deployment, " + active.get().id()
                        + "; stop it first: DELETE /api/apps/" + name + "/deployments/" + active.get().id());
            }
            Optional<DeploymentRecord> stopping = deployments.list(name).stream()
                    .filter(d -> !d.active() && !DeploymentRecord.STOPPED.equals(d.status())).findFirst();
            if (stopping.isPresent()) {
                // Its record tells the deployer which instances to stop; it goes once they have.
                throw ApiException.conflict("deployment " + stopping.get().id() + " of " + name
                        + " is still stopping its instances; delete the app once its status is STOPPED");
            }
            List<String> running = instances.notEnded(name);
            if (!running.isEmpty()) {
                // Until they end they still log and serve under this name: a new owner of the name must see none of it.
                throw ApiException.conflict("instance " + running.get(0) + " of " + name + (running.size() > 1
                        ? " and " + (running.size() - 1) + " more are" : " is") + " still stopping; delete the app once"
                        + " they have ended (in a few seconds)");
            }
            List<ScheduleRecord> scheduled = schedules.active(name);
            if (!scheduled.isEmpty()) {
                throw ApiException.conflict("app " + name + " has an active schedule, " + scheduled.get(0).id()
                        + "; cancel it first: DELETE /api/apps/" + name + "/schedules/" + scheduled.get(0).id());
            }
            Set<String> packages = new LinkedHashSet<>();
            versions.list(name).forEach(v -> packages.add(v.sha256()));
            versions.deleteAll(name);
            schedules.deleteAll(name);
            deployments.deleteStopped(name);
            apps.delete(name);
            packages.forEach(unused::removeIfUnused);
            return app;
        });
        events.appDeleted(deleted);
        LOG.info("{} deleted app {}", caller.name(), name);
    }

    /**
     * Deletes one version and its artifact.
     *
     * @throws ApiException 409 while the version is deployed, is the stable version of the active
     *                      deployment, or is what an active schedule will deploy
     */
    public void deleteVersion(Caller caller, String name, String version) {
        access.require(caller, name);
        VersionRecord deleted = lock.withLock(name, () -> {
            AppRecord app = access.require(caller, name);
            VersionRecord v = versions.find(name, version).orElseThrow(() -> versionNotFound(name, version));
            Optional<DeploymentRecord> active = deployments.findActive(name);
            if (active.isPresent() && (version.equals(active.get().version()) || version.equals(active.get().stableVersion()))) {
                throw ApiException.conflict("version " + version + " of " + name + " is "
                        + (version.equals(active.get().version()) ? "deployed" : "the stable version of the running deployment")
                        + " (deployment " + active.get().id() + "); deploy another version or stop the deployment first");
            }
            Optional<ScheduleRecord> scheduled = schedules.active(name).stream()
                    .filter(s -> version.equals(s.version())).findFirst();
            if (scheduled.isPresent()) {
                throw ApiException.conflict("version " + version + " of " + name + " is what schedule "
                        + scheduled.get().id() + " deploys; cancel the schedule first: DELETE /api/apps/" + name
                        + "/schedules/" + scheduled.get().id());
            }
            versions.delete(name, version);
            if (version.equals(app.latestVersion())) {
                List<VersionRecord> left = versions.list(name);
                apps.setLatest(name, left.isEmpty() ? null : left.get(0).version(),
                        left.isEmpty() ? app.description() : left.get(0).descriptor().description(), clock.instant());
            }
            unused.removeIfUnused(v.sha256());
            return v;
        });
        events.versionDeleted(deleted);
        LOG.info("{} deleted version {} of {}", caller.name(), version, name);
    }

    private static ApiException versionNotFound(String name, String version) {
        return ApiException.notFound("version " + version + " of app '" + name + "'");
    }
}
