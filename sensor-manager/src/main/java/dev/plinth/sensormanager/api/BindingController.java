package dev.plinth.sensormanager.api;

import dev.plinth.kit.errors.ApiException;
import dev.plinth.kit.security.Caller;
import dev.plinth.sensormanager.binding.Binding;
import dev.plinth.sensormanager.binding.BindingAccess;
import dev.plinth.sensormanager.binding.BindingStore;
import dev.plinth.sensormanager.commands.CommandRouter;
import dev.plinth.sensormanager.history.ReadingQueries;
import dev.plinth.sensormanager.registry.DeviceKind;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An app's bindings, for the app's owner, admins and the app's own instances (bearer
 * {@code PLINTH_TOKEN}); anyone else gets 404.
 *
 * <ul>
 *   <li>{@code GET /api/bindings/{app}}: requirement name → binding, sensors and controllers apart.</li>
 *   <li>{@code GET /api/bindings/{app}/{name}/latest}: the latest reading of each bound sensor.</li>
 *   <li>{@code GET /api/bindings/{app}/{name}/history?from=&to=&limit=}: readings of the bound
 *       sensors, oldest first.</li>
 *   <li>{@code POST /api/bindings/{app}/{name}/commands} {@code {device?, payload}}: 202
 *       {@code {commandId, devices}}; 404 no such controller requirement bound; 422 a malformed
 *       command or a device that is not bound; 503 the broker did not take it.</li>
 * </ul>
 */
@Controller("/api/bindings")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class BindingController {

    private final BindingAccess access;
    private final BindingStore bindings;
    private final ReadingQueries readings;
    private final CommandRouter commands;

    public BindingController(BindingAccess access, BindingStore bindings, ReadingQueries readings, CommandRouter commands) {
        this.access = access;
        this.bindings = bindings;
        this.readings = readings;
        this.commands = commands;
    }

    @Get("/{app}")
    public SensorResponses.BindingsView list(@PathVariable String app, Authentication caller) {
        String deployment = access.require(Caller.of(caller), app);
        List<Binding> all = bindings.ofApp(app).stream().filter(b -> b.deploymentId().equals(deployment))
                .sorted(Comparator.comparing(Binding::id)).toList();
        Map<String, SensorResponses.BindingView> sensors = new LinkedHashMap<>();
        Map<String, SensorResponses.BindingView> controllers = new LinkedHashMap<>();
        String deploymentId = null;
        for (Binding b : all) {
            deploymentId = b.deploymentId();
            (b.requirement().kind() == DeviceKind.SENSOR ? sensors : controllers).put(b.requirement().name(), SensorResponses.BindingView.of(b));
        }
        return new SensorResponses.BindingsView(app, deploymentId, sensors, controllers);
    }

    @Get("/{app}/{name}/latest")
    public SensorResponses.ReadingsView latest(@PathVariable String app, @PathVariable String name,
                                               Authentication caller) {
        return new SensorResponses.ReadingsView(readings.latest(sensorBinding(caller, app, name).devices()));
    }

    @Get("/{app}/{name}/history")
    public SensorResponses.ReadingsView history(@PathVariable String app, @PathVariable String name, @Nullable @QueryValue String from,
                                      @Nullable @QueryValue String to, @Nullable @QueryValue String limit, Authentication caller) {
        Binding binding = sensorBinding(caller, app, name);
        return new SensorResponses.ReadingsView(readings.history(binding.devices(), from, to, limit));
    }

    @Post("/{app}/{name}/commands")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    public HttpResponse<SensorResponses.CommandView> command(@PathVariable String app, @PathVariable String name, @Nullable @Body byte[] body,
                                                   Authentication caller) {
        String deployment = access.require(Caller.of(caller), app);
        if (deployment == null) {
            throw ApiException.notFound("controllers '" + name + "' of app '" + app + "': the app is not deployed");
        }
        CommandRouter.Outcome outcome = commands.send(app, deployment, name, body == null ? new byte[0] : body);
        if (outcome.refusal() != null) {
            HttpStatus status = outcome.refusal() == CommandRouter.Refusal.NO_BINDING ? HttpStatus.NOT_FOUND : HttpStatus.UNPROCESSABLE_ENTITY;
            throw new ApiException(status, outcome.reason());
        }
        try {
            outcome.sent().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "interrupted while sending the command");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "the MQTT broker did not take the command; send it again");
        }
        return HttpResponse.accepted().body(new SensorResponses.CommandView(outcome.commandId(), outcome.devices()));
    }

    private Binding sensorBinding(Authentication caller, String app, String name) {
        String deployment = access.require(Caller.of(caller), app);
        return bindings.ofApp(app).stream()
                .filter(b -> b.deploymentId().equals(deployment))
                .filter(b -> b.requirement().kind() == DeviceKind.SENSOR && b.requirement().name().equals(name))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("a sensor requirement '" + name + "' bound for app '" + app + "'"));
    }
}
