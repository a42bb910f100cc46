package dev.plinth.gateway.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Where the directory is and how Plinth's people and groups are laid out in it.
 *
 * @param url             the directory, as {@code ldap://host:389}
 * @param managerDn       the account Plinth binds as to look up and manage users
 * @param managerPassword its password
 * @param peopleDn        where users are, one {@code uid=NAME} entry each
 * @param groupsDn        where groups are
 * @param adminsGroup     members are admins
 * @param developersGroup members are developers
 * @param disabledGroup   members may not sign in
 */
@ConfigurationProperties("plinth.ldap")
public record LdapSettings(
        String url,
        String managerDn,
        String managerPassword,
        @Bindable(defaultValue = "ou=people,dc=plinth,dc=local") String peopleDn,
        @Bindable(defaultValue = "ou=groups,dc=plinth,dc=local") String groupsDn,
        @Bindable(defaultValue = "admins") String adminsGroup,
        @Bindable(defaultValue = "developers") String developersGroup,
        @Bindable(defaultValue = "disabled") String disabledGroup) {

    /** @return the DN of a user */
    public String userDn(String uid) {
        return "uid=" + uid + "," + peopleDn;
    }

    /** @return the DN of a group */
    public String groupDn(String cn) {
        return "cn=" + cn + "," + groupsDn;
    }

    @Override
    public String toString() {
        return "LdapSettings[url=" + url + ", managerDn=" + managerDn + ", peopleDn=" + peopleDn + ", groupsDn=" + groupsDn + "]";
    }
}
