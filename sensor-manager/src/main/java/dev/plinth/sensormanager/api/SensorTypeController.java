package dev.plinth.sensormanager.api;

import dev.plinth.kit.security.Caller;
import dev.plinth.kit.security.Roles;
import dev.plinth.sensormanager.registry.DeviceRegistry;
import dev.plinth.sensormanager.registry.TypeRegistration;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

import java.net.URI;
import java.util.List;

/**
 * Sensor and controller types.
 *
 * <ul>
 *   <li>{@code POST /api/sensor-types} (admin) {@code {name, kind, fields: {f: {type, unit}}, description}}:
 *       201 the type; 409 the name is taken; 422 with every problem.</li>
 *   <li>{@code GET /api/sensor-types}, {@code GET /api/sensor-types/{name}} (signed in): the types.</li>
 * </ul>
 */
@Controller("/api/sensor-types")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SensorTypeController {

    private final DeviceRegistry registry;

    public SensorTypeController(DeviceRegistry registry) {
        this.registry = registry;
    }

    @Post
    @Secured(Roles.ADMIN)
    public HttpResponse<SensorResponses.TypeView> register(@Body TypeRegistration request, Authentication caller) {
        SensorResponses.TypeView view = SensorResponses.TypeView.of(registry.registerType(Caller.of(caller), request));
        return HttpResponse.created(view, URI.create("/api/sensor-types/" + view.name()));
    }

    @Get
    @Secured({Roles.DEVELOPER, Roles.ADMIN, Roles.APP})
    public List<SensorResponses.TypeView> list() {
        return registry.types().stream().map(SensorResponses.TypeView::of).toList();
    }

    @Get("/{name}")
    @Secured({Roles.DEVELOPER, Roles.ADMIN, Roles.APP})
    public SensorResponses.TypeView get(@PathVariable String name) {
        return SensorResponses.TypeView.of(registry.type(name));
    }
}
