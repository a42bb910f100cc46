package dev.plinth.gateway.auth;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import dev.plinth.contracts.validation.Problem;
import dev.plinth.kit.errors.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Developers registering themselves: whether they may, what a new account must meet, and its
 * creation in the directory as a developer.
 */
@Singleton
public class Registration {

    private static final Pattern USERNAME = Pattern.compile("^[a-z][a-z0-9-]{1,30}[a-z0-9]$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final int PASSWORD_MAX_LENGTH = 128;

    private final UserDirectory directory;
    private final RegistrationSwitch registrationSwitch;
    private final AuthSettings settings;

    public Registration(UserDirectory directory, RegistrationSwitch registrationSwitch, AuthSettings settings) {
        this.directory = directory;
        this.registrationSwitch = registrationSwitch;
        this.settings = settings;
    }

    /**
     * A new account as asked for.
     *
     * @param username the name to sign in with
     * @param password its password
     * @param name     the person's name, if given
     * @param email    an email address, if given
     */
    public record Applicant(String username, String password, @Nullable String name, @Nullable String email) {
    }

    /** @return whether a username is one registration accepts (sign-in refuses any other at once) */
    public static boolean possibleUsername(String username) {
        return USERNAME.matcher(username).matches();
    }

    /**
     * Creates a developer account.
     *
     * @throws ApiException 403 when registration is closed, 422 listing every problem of the
     *                      applicant, 409 when the username is taken
     * @throws LDAPException when the directory fails
     */
    public void register(Applicant applicant) throws LDAPException {
        if (!registrationSwitch.state().open()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "registration is closed; ask an admin");
        }
        List<Problem> problems = problems(applicant, settings.passwordMinLength());
        if (!problems.isEmpty()) {
            throw ApiException.invalid("the registration has " + problems.size() + " problem(s)", problems);
        }
        String username = applicant.username();
        if (directory.exists(username)) {
            throw taken(username);
        }
        try {
            directory.createDeveloper(username, applicant.password(), applicant.name(), applicant.email());
        } catch (LDAPException e) {
            // Someone registered the same name between the check and the creation.
            if (e.getResultCode() == ResultCode.ENTRY_ALREADY_EXISTS) {
                throw taken(username);
            }
            throw e;
        }
    }

    /**
     * @param passwordMinLength the shortest password accepted
     * @return what is wrong with an applicant, field by field; empty when nothing is
     */
    static List<Problem> problems(Applicant applicant, int passwordMinLength) {
        String username = applicant.username();
        String password = applicant.password();
        List<Problem> problems = new ArrayList<>();
        if (!possibleUsername(username)) {
            problems.add(new Problem("username",
                    "must be 3 to 32 lower-case letters, digits or dashes, starting with a letter and not ending with a dash"));
        }
        if (password.length() < passwordMinLength) {
            problems.add(new Problem("password", "must be at least " + passwordMinLength + " characters long"));
        } else if (password.length() > PASSWORD_MAX_LENGTH) {
            problems.add(new Problem("password", "must be at most " + PASSWORD_MAX_LENGTH + " characters long"));
        }
        if (!username.isEmpty() && password.toLowerCase(Locale.ROOT).equals(username.toLowerCase(Locale.ROOT))) {
            problems.add(new Problem("password", "must not be the username"));
        }
        String email = applicant.email();
        if (email != null && !email.isBlank() && !EMAIL.matcher(email).matches()) {
            problems.add(new Problem("email", "is not an email address"));
        }
        return problems;
    }

    private static ApiException taken(String username) {
        return ApiException.conflict("the username '" + username + "' is taken; choose another");
    }
}
