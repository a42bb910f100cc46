package dev.plinth.appcontroller.api;

import dev.plinth.appcontroller.schedules.ScheduleService;
import dev.plinth.kit.security.Caller;
import dev.plinth.kit.security.Roles;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

import java.util.List;

/** Reading and cancelling an app's schedules; they are made with {@code POST /api/apps/{name}/deployments}. */
@Controller("/api/apps/{name}/schedules")
@Secured({Roles.DEVELOPER, Roles.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class ScheduleController {

    private final ScheduleService schedules;
    private final AppResponses responses;

    public ScheduleController(ScheduleService schedules, AppResponses responses) {
        this.schedules = schedules;
        this.responses = responses;
    }

    /** @return the app's schedules, newest first */
    @Get
    public List<AppResponses.ScheduleView> list(String name, Authentication authentication) {
        return schedules.list(Caller.of(authentication), name).stream().map(responses::schedule).toList();
    }

    /** Cancels a schedule; the message says whether a deployment it started keeps running. */
    @Delete("/{id}")
    public AppResponses.CancellationView cancel(String name, String id, Authentication authentication) {
        ScheduleService.Cancellation c = schedules.cancel(Caller.of(authentication), name, id);
        return new AppResponses.CancellationView(c.message(), responses.schedule(c.schedule()));
    }
}
