package dev.plinth.appcontroller.api;

import dev.plinth.appcontroller.deployments.DeploymentService;
import dev.plinth.appcontroller.schedules.ScheduleRecord;
import dev.plinth.appcontroller.schedules.ScheduleRules;
import dev.plinth.appcontroller.schedules.ScheduleService;
import dev.plinth.kit.security.Caller;
import dev.plinth.kit.security.Roles;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

import java.net.URI;
import java.util.List;

/** Deploying an app now or on a schedule, and reading and stopping its deployments. */
@Controller("/api/apps/{name}/deployments")
@Secured({Roles.DEVELOPER, Roles.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class DeploymentController {

    private final DeploymentService deployments;
    private final ScheduleService schedules;
    private final AppResponses responses;

    public DeploymentController(DeploymentService deployments, ScheduleService schedules, AppResponses responses) {
        this.deployments = deployments;
        this.schedules = schedules;
        this.responses = responses;
    }

    /**
     * Deploys now (201 for a new deployment, 200 when the active one was changed or already ran
     * that), or schedules a deployment (201 with the schedule).
     */
    @Post
    public HttpResponse<?> deploy(String name, @Body DeployRequest request, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        if (!ScheduleRules.now(request.schedule())) {
            ScheduleRecord schedule = schedules.create(caller, name, request.version(), request.instances(), request.schedule());
            return HttpResponse.created(responses.schedule(schedule), URI.create("/api/apps/" + name + "/schedules/" + schedule.id()));
        }
        DeploymentService.Outcome outcome = deployments.deployNow(caller, name, request.version(), request.instances());
        AppResponses.DeploymentView view = responses.deployment(outcome.deployment());
        if (outcome.change() == DeploymentService.Change.CREATED) {
            return HttpResponse.created(view, URI.create("/api/apps/" + name + "/deployments/" + view.id()));
        }
        return HttpResponse.status(HttpStatus.OK).body(view);
    }

    /** @return the app's deployments, newest first, with their instances */
    @Get
    public List<AppResponses.DeploymentView> list(String name, Authentication authentication) {
        return deployments.list(Caller.of(authentication), name).stream().map(responses::deployment).toList();
    }

    /** @return one deployment with its instances */
    @Get("/{id}")
    public AppResponses.DeploymentView get(String name, String id, Authentication authentication) {
        return responses.deployment(deployments.get(Caller.of(authentication), name, id));
    }

    /** Stops a deployment; the deployer stops its instances. */
    @Delete("/{id}")
    public AppResponses.DeploymentView stop(String name, String id, Authentication authentication) {
        return responses.deployment(deployments.stop(Caller.of(authentication), name, id));
    }
}
