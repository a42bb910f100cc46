package dev.plinth.bootstrapper.infra.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Makes the embedded broker's users and ACLs exactly {@link KafkaUsers}': every limited user gets
 * its SCRAM credentials (set again at every start, so a data directory from before this existed, or
 * a changed password, is brought up to date), every ACL it needs, and nothing else survives. The
 * broker is the platform's alone, so anything not in the table is removed.
 */
public final class KafkaAccess {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaAccess.class);
    // Kafka's minimum: the passwords are 32 random characters, so more rounds would add no strength,
    // only CPU at every sign-in of every client (dozens at each start, on two shared cores).
    private static final int SCRAM_ITERATIONS = 4096;

    /** What to change so the broker's ACLs become the wanted ones. */
    record AclChanges(List<AclBinding> create, List<AclBinding> delete) {
        boolean none() {
            return create.isEmpty() && delete.isEmpty();
        }
    }

    private KafkaAccess() {
    }

    /**
     * @param existing the ACLs the broker has
     * @param wanted   the ACLs it should have
     * @return those to create and those to delete
     */
    static AclChanges plan(Collection<AclBinding> existing, Collection<AclBinding> wanted) {
        Set<AclBinding> have = new HashSet<>(existing);
        Set<AclBinding> want = new HashSet<>(wanted);
        return new AclChanges(want.stream().filter(a -> !have.contains(a)).toList(),
                have.stream().filter(a -> !want.contains(a)).toList());
    }

    /**
     * Applies the table and waits until the broker answers with it.
     *
     * @param admin     a client signed in as a super user
     * @param passwords the SCRAM password of each limited user
     * @param timeout   how long the broker may take
     */
    public static void apply(Admin admin, Map<String, String> passwords, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        Set<String> users = new HashSet<>();
        List<UserScramCredentialAlteration> alterations = new ArrayList<>();
        for (KafkaUser user : KafkaUsers.LIMITED) {
            String password = passwords.get(user.name());
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("no Kafka password for " + user.name());
            }
            users.add(user.name());
            alterations.add(new UserScramCredentialUpsertion(user.name(),
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, SCRAM_ITERATIONS), password));
        }
        Map<String, UserScramCredentialsDescription> known = admin.describeUserScramCredentials().all().get(30, TimeUnit.SECONDS);
        for (UserScramCredentialsDescription description : known.values()) {
            if (users.contains(description.name())) {
                continue;
            }
            for (ScramCredentialInfo info : description.credentialInfos()) {
                alterations.add(new UserScramCredentialDeletion(description.name(), info.mechanism()));
            }
            LOG.info("removing Kafka user {}: not one of the platform's", description.name());
        }
        admin.alterUserScramCredentials(alterations).all().get(30, TimeUnit.SECONDS);

        List<AclBinding> wanted = KafkaUsers.LIMITED.stream().flatMap(u -> u.aclBindings().stream()).toList();
        AclChanges changes = plan(admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS), wanted);
        if (!changes.delete().isEmpty()) {
            admin.deleteAcls(changes.delete().stream().map(AclBinding::toFilter).toList()).all().get(30, TimeUnit.SECONDS);
            LOG.info("removed {} Kafka ACLs the platform does not use", changes.delete().size());
        }
        if (!changes.create().isEmpty()) {
            admin.createAcls(changes.create()).all().get(30, TimeUnit.SECONDS);
        }
        awaitApplied(admin, users, wanted, deadline);
    }

    /** The controller has the changes; wait until the broker that clients talk to has them too. */
    private static void awaitApplied(Admin admin, Set<String> users, List<AclBinding> wanted, Instant deadline) throws Exception {
        while (true) {
            Set<String> known = admin.describeUserScramCredentials().all().get(30, TimeUnit.SECONDS).keySet();
            AclChanges left = plan(admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS), wanted);
            if (known.equals(users) && left.none()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the Kafka broker did not take the platform's users and ACLs in time: users "
                        + known + ", ACLs still to create " + left.create().size() + ", to delete " + left.delete().size());
            }
            Thread.sleep(100);
        }
    }
}
