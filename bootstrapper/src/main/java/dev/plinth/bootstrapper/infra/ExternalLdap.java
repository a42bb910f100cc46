package dev.plinth.bootstrapper.infra;

/**
 * A directory outside Plinth, configured by URL.
 *
 * @param url          as {@code ldap://ldap.example.com:389}
 * @param bindDn       the DN Plinth binds as to look up and register users
 * @param bindPassword its password
 * @param layout       where people and groups are
 */
public record ExternalLdap(String url, String bindDn, String bindPassword, LdapLayout layout) {

    @Override
    public String toString() {
        return "ExternalLdap[url=" + url + ", bindDn=" + bindDn + ", layout=" + layout + "]";
    }
}
