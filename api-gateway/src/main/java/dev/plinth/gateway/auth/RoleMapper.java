package dev.plinth.gateway.auth;

import dev.plinth.kit.security.Roles;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.convert.value.ConvertibleValues;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.ldap.ContextAuthenticationMapper;
import io.micronaut.security.ldap.DefaultContextAuthenticationMapper;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a successful LDAP bind into Plinth roles: the admins group gives ADMIN, the developers
 * group DEVELOPER. Members of the disabled group, and people in neither group, may not sign in.
 */
@Singleton
@Replaces(DefaultContextAuthenticationMapper.class)
public class RoleMapper implements ContextAuthenticationMapper {

    private final LdapSettings ldap;

    public RoleMapper(LdapSettings ldap) {
        this.ldap = ldap;
    }

    @Override
    public AuthenticationResponse map(ConvertibleValues<Object> attributes, String username, Set<String> groups) {
        if (groups.contains(ldap.disabledGroup())) {
            return AuthenticationResponse.failure(AuthenticationFailureReason.USER_DISABLED);
        }
        List<String> roles = rolesOf(groups);
        if (roles.isEmpty()) {
            return AuthenticationResponse.failure(AuthenticationFailureReason.USER_DISABLED);
        }
        return AuthenticationResponse.success(username, roles);
    }

    /** @return the Plinth roles the groups give */
    List<String> rolesOf(Set<String> groups) {
        List<String> roles = new ArrayList<>();
        if (groups.contains(ldap.adminsGroup())) {
            roles.add(Roles.ADMIN);
        }
        if (groups.contains(ldap.developersGroup())) {
            roles.add(Roles.DEVELOPER);
        }
        return roles;
    }
}
