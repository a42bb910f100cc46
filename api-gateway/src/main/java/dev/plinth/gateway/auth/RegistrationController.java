package dev.plinth.gateway.auth;

import dev.plinth.kit.errors.ApiException;
import dev.plinth.kit.security.Roles;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Self-registration on or off: anyone may ask whether it is open (the sign-in page offers it only
 * then); admins switch it.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class RegistrationController {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationController.class);

    private final RegistrationSwitch registration;

    public RegistrationController(RegistrationSwitch registration) {
        this.registration = registration;
    }

    /** Whether registration is open, as anyone may know. */
    @Serdeable
    public record Openness(boolean open) {
    }

    /** An admin's switch. */
    @Serdeable
    public record SwitchRequest(@Nullable Boolean open) {
    }

    @Get("/api/auth/registration")
    @Secured(SecurityRule.IS_ANONYMOUS)
    public Openness isOpen() {
        return new Openness(registration.state().open());
    }

    @Get("/api/settings/registration")
    @Secured(Roles.ADMIN)
    public RegistrationSwitch.State state() {
        return registration.state();
    }

    @Put("/api/settings/registration")
    @Secured(Roles.ADMIN)
    public RegistrationSwitch.State set(@Nullable @Body SwitchRequest body, Authentication admin) {
        if (body == null || body.open() == null) {
            throw ApiException.badRequest("send {\"open\": true} or {\"open\": false}");
        }
        RegistrationSwitch.State state = registration.set(body.open(), admin.getName());
        LOG.info("self-registration {} by {}", body.open() ? "opened" : "closed", admin.getName());
        return state;
    }
}
