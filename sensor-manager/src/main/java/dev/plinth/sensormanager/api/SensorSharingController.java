package dev.plinth.sensormanager.api;

import dev.plinth.kit.security.Caller;
import dev.plinth.kit.security.Roles;
import dev.plinth.sensormanager.registry.DeviceRegistry;
import dev.plinth.sensormanager.registry.SharingRequest;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

/**
 * Sharing a device, for admins only: {@code PUT /api/sensors/{id}/sharing}
 * {@code {"with": ["ada", "bob"]}}, {@code {"with": "everyone"}} or {@code {"with": []}} says whose apps
 * besides the owner's may bind it; answers the device as it is now; 404 no such device; 422 a
 * malformed body, naming what to fix. Developers, the device's owner included, get 403.
 */
@Controller("/api/sensors")
@Secured(Roles.ADMIN)
@ExecuteOn(TaskExecutors.BLOCKING)
public class SensorSharingController {

    private final DeviceRegistry registry;

    public SensorSharingController(DeviceRegistry registry) {
        this.registry = registry;
    }

    @Put("/{id}/sharing")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public SensorResponses.DeviceView share(@PathVariable String id, @Nullable @Body byte[] body,
                                            Authentication caller) {
        return SensorResponses.DeviceView.of(registry.share(Caller.of(caller), id, SharingRequest.parse(body)));
    }
}
