package dev.plinth.gateway.auth;

import com.unboundid.ldap.sdk.LDAPException;
import dev.plinth.kit.errors.ApiException;
import dev.plinth.kit.security.DisabledAccounts;
import dev.plinth.kit.security.Roles;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Admins manage people: list them, disable and enable them, grant and revoke admin. */
@Controller("/api/users")
@Secured(Roles.ADMIN)
@ExecuteOn(TaskExecutors.BLOCKING)
public class UserAdminController {

    private static final Logger LOG = LoggerFactory.getLogger(UserAdminController.class);

    private final UserDirectory directory;
    private final LdapSettings ldap;
    private final RoleMapper roles;
    private final DisabledAccounts disabledAccounts;
    private final RefreshTokens refreshTokens;

    public UserAdminController(UserDirectory directory, LdapSettings ldap, RoleMapper roles,
                               DisabledAccounts disabledAccounts, RefreshTokens refreshTokens) {
        this.directory = directory;
        this.ldap = ldap;
        this.roles = roles;
        this.disabledAccounts = disabledAccounts;
        this.refreshTokens = refreshTokens;
    }

    /** A user as admins see them. */
    @Serdeable
    public record UserView(String username, String name, String email, List<String> roles, boolean disabled) {
    }

    @Get
    public List<UserView> list() throws LDAPException {
        return directory.list().stream().map(this::view).toList();
    }

    @Get("/{username}")
    public UserView get(@PathVariable String username) throws LDAPException {
        return view(directory.find(username).orElseThrow(() -> ApiException.notFound("user '" + username + "'")));
    }

    @Post("/{username}/disable")
    public HttpResponse<UserView> disable(@PathVariable String username, Authentication admin) throws LDAPException {
        requireUser(username);
        if (username.equals(admin.getName())) {
            throw ApiException.conflict("you cannot disable your own account");
        }
        directory.addToGroup(username, ldap.disabledGroup());
        disabledAccounts.disable(username);
        long revoked = refreshTokens.revokeAll(username);
        LOG.info("{} disabled user '{}' ({} session(s) ended)", admin.getName(), username, revoked);
        return HttpResponse.ok(get(username));
    }

    @Post("/{username}/enable")
    public HttpResponse<UserView> enable(@PathVariable String username, Authentication admin) throws LDAPException {
        requireUser(username);
        directory.removeFromGroup(username, ldap.disabledGroup());
        disabledAccounts.enable(username);
        LOG.info("{} enabled user '{}'", admin.getName(), username);
        return HttpResponse.ok(get(username));
    }

    @Put("/{username}/admin")
    public HttpResponse<UserView> grantAdmin(@PathVariable String username, Authentication admin) throws LDAPException {
        requireUser(username);
        directory.addToGroup(username, ldap.adminsGroup());
        LOG.info("{} granted admin to '{}'", admin.getName(), username);
        return HttpResponse.ok(get(username));
    }

    @Delete("/{username}/admin")
    public HttpResponse<UserView> revokeAdmin(@PathVariable String username, Authentication admin) throws LDAPException {
        requireUser(username);
        if (directory.groupsOf(username).contains(ldap.adminsGroup()) && directory.memberCount(ldap.adminsGroup()) <= 1) {
            throw ApiException.conflict("'" + username + "' is the last admin; grant admin to someone else first");
        }
        directory.removeFromGroup(username, ldap.adminsGroup());
        LOG.info("{} revoked admin from '{}'", admin.getName(), username);
        return HttpResponse.ok(get(username));
    }

    private void requireUser(String username) throws LDAPException {
        if (!directory.exists(username)) {
            throw ApiException.notFound("user '" + username + "'");
        }
    }

    private UserView view(UserDirectory.User user) {
        boolean disabled = user.groups().contains(ldap.disabledGroup()) || disabledAccounts.isDisabled(user.username());
        return new UserView(user.username(), user.name(), user.email(),
                roles.rolesOf(java.util.Set.copyOf(user.groups())), disabled);
    }
}
