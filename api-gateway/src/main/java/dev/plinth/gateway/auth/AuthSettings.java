package dev.plinth.gateway.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * @param accessTokenLifetime  how long a token is valid; refresh before it runs out
 * @param refreshTokenLifetime how long a sign-in lasts without signing in again
 * @param passwordMinLength    the shortest password registration accepts
 * @param attemptsPerMinute    sign-in and registration attempts allowed per client per minute
 * @param secureCookies        mark session cookies Secure (set when the platform is served over HTTPS)
 * @param registrationOpen     whether anyone may register until an admin switches it (then the admin's
 *                             choice, kept in MongoDB, holds)
 */
@ConfigurationProperties("plinth.auth")
public record AuthSettings(
        @Bindable(defaultValue = "1h") Duration accessTokenLifetime,
        @Bindable(defaultValue = "7d") Duration refreshTokenLifetime,
        @Bindable(defaultValue = "10") int passwordMinLength,
        @Bindable(defaultValue = "10") int attemptsPerMinute,
        @Bindable(defaultValue = "false") boolean secureCookies,
        @Bindable(defaultValue = "true") boolean registrationOpen) {
}
