package dev.plinth.sensormanager.api;

import dev.plinth.contracts.events.SensorReading;
import dev.plinth.kit.errors.ApiException;
import dev.plinth.kit.security.Caller;
import dev.plinth.kit.security.Roles;
import dev.plinth.sensormanager.history.ReadingQueries;
import dev.plinth.sensormanager.registry.Device;
import dev.plinth.sensormanager.registry.DeviceRegistration;
import dev.plinth.sensormanager.registry.DeviceRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Devices (sensors and controllers), for developers and admins. A developer sees and changes the
 * devices they registered (another's answers 404); an admin sees and changes all.
 *
 * <ul>
 *   <li>{@code POST /api/sensors} {@code {id?, type, labels, kind?, expectedPeriodSeconds?}}: 201
 *       {@code {id, token}}, the token shown this once; 409 the id is taken; 422 with every problem.</li>
 *   <li>{@code GET /api/sensors?type=&kind=&label=k=v} (label repeatable): the devices.</li>
 *   <li>{@code GET /api/sensors/{id}}, {@code DELETE /api/sensors/{id}} (204).</li>
 *   <li>{@code POST /api/sensors/{id}/token}: a new token, the old one stops working.</li>
 *   <li>{@code GET /api/sensors/{id}/readings?from=&to=&limit=}: history, oldest first.</li>
 *   <li>{@code GET /api/sensors/{id}/latest}: the latest reading; 404 before the first.</li>
 *   <li>{@code PUT /api/sensors/{id}/sharing}: {@link SensorSharingController}, admins only.</li>
 * </ul>
 */
@Controller("/api/sensors")
@Secured({Roles.DEVELOPER, Roles.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class SensorController {

    private final DeviceRegistry registry;
    private final ReadingQueries readings;

    public SensorController(DeviceRegistry registry, ReadingQueries readings) {
        this.registry = registry;
        this.readings = readings;
    }

    @Post
    public HttpResponse<SensorResponses.TokenView> register(@Body DeviceRegistration request, Authentication caller) {
        DeviceRegistry.Issued issued = registry.register(Caller.of(caller), request);
        return HttpResponse.created(new SensorResponses.TokenView(issued.device().id(), issued.token()),
                URI.create("/api/sensors/" + issued.device().id()));
    }

    @Get
    public List<SensorResponses.DeviceView> list(@Nullable @QueryValue String type, @Nullable @QueryValue String kind,
                                       @Nullable @QueryValue("label") List<String> label, Authentication caller) {
        Map<String, String> selector = new LinkedHashMap<>();
        for (String pair : label == null ? List.<String>of() : label) {
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw ApiException.badRequest("label must be key=value, as label=route=A1; not '" + pair + "'");
            }
            selector.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return registry.list(Caller.of(caller), type, kind, selector).stream().map(SensorResponses.DeviceView::of)
                .toList();
    }

    @Get("/{id}")
    public SensorResponses.DeviceView get(@PathVariable String id, Authentication caller) {
        return SensorResponses.DeviceView.of(registry.get(Caller.of(caller), id));
    }

    @Delete("/{id}")
    public HttpResponse<Void> delete(@PathVariable String id, Authentication caller) {
        registry.delete(Caller.of(caller), id);
        return HttpResponse.noContent();
    }

    @Post("/{id}/token")
    public SensorResponses.TokenView rotateToken(@PathVariable String id, Authentication caller) {
        DeviceRegistry.Issued issued = registry.rotateToken(Caller.of(caller), id);
        return new SensorResponses.TokenView(issued.device().id(), issued.token());
    }

    @Get("/{id}/readings")
    public SensorResponses.ReadingsView history(@PathVariable String id, @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                      @Nullable @QueryValue String limit, Authentication caller) {
        Device device = registry.get(Caller.of(caller), id);
        return new SensorResponses.ReadingsView(readings.history(List.of(device.id()), from, to, limit));
    }

    @Get("/{id}/latest")
    public SensorReading latest(@PathVariable String id, Authentication caller) {
        Device device = registry.get(Caller.of(caller), id);
        return readings.latest(device)
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "device " + id + " has sent no reading yet"));
    }
}
