package dev.plinth.kit.security;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import jakarta.inject.Singleton;

/** Refuses the tokens of disabled users in every subsystem, before they expire. */
@Singleton
@Requires(beans = DisabledAccounts.class)
public class DisabledAccountsClaimsValidator implements GenericJwtClaimsValidator<HttpRequest<?>> {

    private final DisabledAccounts accounts;

    public DisabledAccountsClaimsValidator(DisabledAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public boolean validate(Claims claims, @Nullable HttpRequest<?> request) {
        Object subject = claims.get(Claims.SUBJECT);
        return subject == null || !accounts.isDisabled(subject.toString());
    }
}
