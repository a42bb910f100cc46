package dev.plinth.gateway.auth;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedRequest;
import com.unboundid.ldap.sdk.LDAPConnection;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plinth's users and groups in the directory, read and changed as the manager account. Groups are
 * {@code groupOfUniqueNames}; a group that would become empty is deleted, and created again with its
 * first member, because the schema requires at least one member.
 */
@Singleton
public class UserDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(UserDirectory.class);

    private final LdapSettings ldap;
    private volatile LDAPConnectionPool pool;

    public UserDirectory(LdapSettings ldap) {
        this.ldap = ldap;
    }

    /** A user as the directory holds them. */
    @Serdeable
    public record User(String username, String name, String email, List<String> groups) {
    }

    private synchronized LDAPConnectionPool pool() throws LDAPException {
        if (pool == null || pool.isClosed()) {
            URI url = URI.create(ldap.url());
            LDAPConnection connection = new LDAPConnection(url.getHost(), url.getPort() > 0 ? url.getPort() : 389,
                    ldap.managerDn(), ldap.managerPassword());
            pool = new LDAPConnectionPool(connection, 1, 4);
            pool.setRetryFailedOperationsDueToInvalidConnections(true);
        }
        return pool;
    }

    /** @return whether a user of that name exists */
    public boolean exists(String uid) throws LDAPException {
        return pool().getEntry(ldap.userDn(uid), "uid") != null;
    }

    /**
     * Creates a developer: the entry, its password (set with the password-modify operation, so the
     * server stores it with its own hashing), and membership of the developers group.
     *
     * @throws LDAPException with {@link ResultCode#ENTRY_ALREADY_EXISTS} when the name is taken
     */
    public void createDeveloper(String uid, String password, String name, String email) throws LDAPException {
        String dn = ldap.userDn(uid);
        List<Attribute> attributes = new ArrayList<>(List.of(
                new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson"),
                new Attribute("uid", uid),
                new Attribute("cn", name == null || name.isBlank() ? uid : name),
                new Attribute("sn", name == null || name.isBlank() ? uid : lastWord(name))));
        if (email != null && !email.isBlank()) {
            attributes.add(new Attribute("mail", email));
        }
        pool().add(new Entry(dn, attributes));
        try {
            ExtendedResult result = pool().processExtendedOperation(new PasswordModifyExtendedRequest(dn, null, password));
            if (result.getResultCode() != ResultCode.SUCCESS) {
                throw new LDAPException(result.getResultCode(), "cannot set the password: " + result.getDiagnosticMessage());
            }
            addToGroup(uid, ldap.developersGroup());
        } catch (LDAPException e) {
            try {
                pool().delete(dn);
            } catch (LDAPException cleanup) {
                LOG.warn("cannot remove the half-created user {}: {}", uid, cleanup.getMessage());
            }
            throw e;
        }
    }

    private static String lastWord(String name) {
        String[] words = name.trim().split("\\s+");
        return words[words.length - 1];
    }

    /** @return the names of the groups the user belongs to */
    public Set<String> groupsOf(String uid) throws LDAPException {
        Set<String> groups = new TreeSet<>();
        Filter filter = Filter.createEqualityFilter("uniqueMember", ldap.userDn(uid));
        for (SearchResultEntry entry : pool().search(ldap.groupsDn(), SearchScope.ONE, filter, "cn").getSearchEntries()) {
            groups.add(entry.getAttributeValue("cn"));
        }
        return groups;
    }

    /** @return the user, if there is one */
    public Optional<User> find(String uid) throws LDAPException {
        SearchResultEntry entry = pool().getEntry(ldap.userDn(uid), "uid", "cn", "mail");
        if (entry == null) {
            return Optional.empty();
        }
        return Optional.of(new User(uid, entry.getAttributeValue("cn"), entry.getAttributeValue("mail"), List.copyOf(groupsOf(uid))));
    }

    /** @return every user under the people entry, with their groups */
    public List<User> list() throws LDAPException {
        Map<String, List<String>> groupsByDn = new HashMap<>();
        for (SearchResultEntry group : pool().search(ldap.groupsDn(), SearchScope.ONE,
                Filter.createEqualityFilter("objectClass", "groupOfUniqueNames"), "cn", "uniqueMember").getSearchEntries()) {
            String[] members = group.getAttributeValues("uniqueMember");
            if (members != null) {
                for (String member : members) {
                    groupsByDn.computeIfAbsent(normalize(member), k -> new ArrayList<>()).add(group.getAttributeValue("cn"));
                }
            }
        }
        List<User> users = new ArrayList<>();
        for (SearchResultEntry entry : pool().search(ldap.peopleDn(), SearchScope.ONE,
                Filter.createEqualityFilter("objectClass", "inetOrgPerson"), "uid", "cn", "mail").getSearchEntries()) {
            String uid = entry.getAttributeValue("uid");
            List<String> groups = groupsByDn.getOrDefault(normalize(entry.getDN()), List.of()).stream().sorted().toList();
            users.add(new User(uid, entry.getAttributeValue("cn"), entry.getAttributeValue("mail"), groups));
        }
        users.sort(Comparator.comparing(User::username));
        return users;
    }

    private static String normalize(String dn) {
        try {
            return new DN(dn).toNormalizedString();
        } catch (LDAPException e) {
            return dn.toLowerCase();
        }
    }

    /** @return how many members a group has (0 when it does not exist) */
    public int memberCount(String group) throws LDAPException {
        SearchResultEntry entry = pool().getEntry(ldap.groupDn(group), "uniqueMember");
        if (entry == null) {
            return 0;
        }
        String[] members = entry.getAttributeValues("uniqueMember");
        return members == null ? 0 : members.length;
    }

    /** Adds a user to a group, creating the group when it does not exist. Adding a member twice does nothing. */
    public void addToGroup(String uid, String group) throws LDAPException {
        String groupDn = ldap.groupDn(group);
        String userDn = ldap.userDn(uid);
        if (pool().getEntry(groupDn, "cn") == null) {
            pool().add(new Entry(groupDn, new Attribute("objectClass", "top", "groupOfUniqueNames"),
                    new Attribute("cn", group), new Attribute("uniqueMember", userDn)));
            return;
        }
        try {
            pool().modify(groupDn, new Modification(ModificationType.ADD, "uniqueMember", userDn));
        } catch (LDAPException e) {
            if (e.getResultCode() != ResultCode.ATTRIBUTE_OR_VALUE_EXISTS) {
                throw e;
            }
        }
    }

    /** Removes a user from a group; a group left empty is deleted. Removing a non-member does nothing. */
    public void removeFromGroup(String uid, String group) throws LDAPException {
        String groupDn = ldap.groupDn(group);
        SearchResultEntry entry = pool().getEntry(groupDn, "uniqueMember");
        if (entry == null) {
            return;
        }
        String userDn = normalize(ldap.userDn(uid));
        String[] members = entry.getAttributeValues("uniqueMember");
        List<String> others = new ArrayList<>();
        String match = null;
        for (String member : members == null ? new String[0] : members) {
            if (normalize(member).equals(userDn)) {
                match = member;
            } else {
                others.add(member);
            }
        }
        if (match == null) {
            return;
        }
        if (others.isEmpty()) {
            pool().delete(groupDn);
        } else {
            pool().modify(groupDn, new Modification(ModificationType.DELETE, "uniqueMember", match));
        }
    }

    @PreDestroy
    synchronized void close() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }
}
