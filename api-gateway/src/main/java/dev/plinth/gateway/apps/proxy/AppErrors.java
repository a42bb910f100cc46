package dev.plinth.gateway.apps.proxy;

import dev.plinth.gateway.apps.endpoints.AppEndpoints;

import dev.plinth.kit.errors.ApiError;
import io.micronaut.http.HttpStatus;

/** The gateway's own answers when it cannot hand a request to an app, with the platform's error body. */
public final class AppErrors {

    private AppErrors() {
    }

    public static ApiError unknownApp(String app) {
        return error(HttpStatus.NOT_FOUND, "no app named '" + app + "': check the link; app names are lower-case letters, digits and dashes");
    }

    public static ApiError noHealthyInstance(String app) {
        return error(HttpStatus.SERVICE_UNAVAILABLE, "app '" + app + "' has no healthy instance right now");
    }

    public static ApiError notLoaded() {
        return error(HttpStatus.SERVICE_UNAVAILABLE, "the gateway has not loaded where apps run yet; try again in a few seconds");
    }

    public static ApiError noInstanceAccepts(String app) {
        return error(HttpStatus.SERVICE_UNAVAILABLE, "app '" + app + "' has no instance that accepts connections right now");
    }

    public static ApiError timeout(String app) {
        return error(HttpStatus.GATEWAY_TIMEOUT, "app '" + app + "' did not answer in time");
    }

    public static ApiError broken(String app, String what) {
        return error(HttpStatus.BAD_GATEWAY, "app '" + app + "' " + what);
    }

    public static ApiError badPath(String app) {
        return error(HttpStatus.BAD_REQUEST, "the path after /apps/" + app + " is not a valid URI path");
    }

    /** @return the verdict's error; only for verdicts other than ROUTABLE */
    public static ApiError of(AppEndpoints.Verdict verdict, String app) {
        return switch (verdict) {
            case NO_HEALTHY_INSTANCE -> noHealthyInstance(app);
            case UNKNOWN_APP -> unknownApp(app);
            case NOT_LOADED -> notLoaded();
            case ROUTABLE -> throw new IllegalArgumentException("a routable app has no error");
        };
    }

    private static ApiError error(HttpStatus status, String message) {
        return new ApiError(status.getCode(), status.getReason(), message, null);
    }
}
