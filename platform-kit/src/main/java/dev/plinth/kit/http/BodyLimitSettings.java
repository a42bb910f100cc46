package dev.plinth.kit.http;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.ReadableBytes;

/**
 * The largest request body each kind of route takes ({@code plinth.http.body-limits.*}, sizes with
 * units such as {@code 64KB}). Every server of the platform applies them before it reads a body.
 *
 * @param standard the default for every route not named below (JSON APIs)
 * @param auth     sign-in, registration, refresh and sign-out ({@code /api/auth/**})
 * @param ingest   device readings over HTTP ({@code /api/ingest/**}); keep it at or above sensor-manager's
 *                 {@code plinth.sensors.max-payload-bytes}
 * @param upload   the app upload ({@code POST /api/apps}), a multipart form around the package; the
 *                 app-controller's {@code plinth.uploads.max-compressed-bytes} decides the package itself
 * @param apps     requests proxied to app instances ({@code /apps/**}), streamed to the app, never
 *                 buffered; only the gateway serves these routes
 */
@ConfigurationProperties("plinth.http.body-limits")
public record BodyLimitSettings(
        @ReadableBytes @Bindable(defaultValue = "1MB") long standard,
        @ReadableBytes @Bindable(defaultValue = "16KB") long auth,
        @ReadableBytes @Bindable(defaultValue = "64KB") long ingest,
        @ReadableBytes @Bindable(defaultValue = "210MB") long upload,
        @ReadableBytes @Bindable(defaultValue = "1MB") long apps) {

    public BodyLimitSettings {
        requirePositive("standard", standard);
        requirePositive("auth", auth);
        requirePositive("ingest", ingest);
        requirePositive("upload", upload);
        requirePositive("apps", apps);
    }

    /** @return the limits when nothing is configured (apps at the standard limit: only the gateway raises it) */
    public static BodyLimitSettings defaults() {
        return new BodyLimitSettings(1L << 20, 16L << 10, 64L << 10, 210L << 20, 1L << 20);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("plinth.http.body-limits." + name + " must be greater than 0, not " + value);
        }
    }
}
