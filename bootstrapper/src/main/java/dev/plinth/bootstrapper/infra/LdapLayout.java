package dev.plinth.bootstrapper.infra;

/**
 * Where Plinth keeps people and groups in the directory. The embedded directory is seeded with
 * this layout; an external directory is configured to match it (every DN is a setting).
 *
 * @param baseDn       the directory's base, as {@code dc=plinth,dc=local}
 * @param peopleDn     the entry holding users, one {@code uid=NAME} entry each
 * @param groupsDn     the entry holding groups
 * @param adminsCn     the group whose members are admins
 * @param developersCn the group whose members are developers
 * @param disabledCn   the group whose members may not sign in
 */
public record LdapLayout(String baseDn, String peopleDn, String groupsDn, String adminsCn, String developersCn,
                         String disabledCn) {

    /** The layout of the embedded directory. */
    public static final LdapLayout DEFAULT = new LdapLayout(
            "dc=plinth,dc=local", "ou=people,dc=plinth,dc=local", "ou=groups,dc=plinth,dc=local", "admins", "developers",
            "disabled");

    /** @return the DN of a user */
    public String userDn(String uid) {
        return "uid=" + uid + "," + peopleDn;
    }

    /** @return the DN of the admins group */
    public String adminsDn() {
        return "cn=" + adminsCn + "," + groupsDn;
    }

    /** @return the DN of the developers group */
    public String developersDn() {
        return "cn=" + developersCn + "," + groupsDn;
    }
}
