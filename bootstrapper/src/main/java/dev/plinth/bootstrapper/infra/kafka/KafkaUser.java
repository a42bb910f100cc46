package dev.plinth.bootstrapper.infra.kafka;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One Kafka user of the platform and everything it is allowed; nothing else is.
 *
 * @param name   the user (the principal is {@code User:name})
 * @param writes topics it produces to
 * @param reads  topics it consumes
 * @param groups consumer groups it joins; a name ending in {@code *} is a prefix (for groups made
 *               unique per process), and those it may also delete (at shutdown)
 */
public record KafkaUser(String name, Set<String> writes, Set<String> reads, Set<String> groups) {

    public KafkaUser {
        writes = Set.copyOf(writes);
        reads = Set.copyOf(reads);
        groups = Set.copyOf(groups);
    }

    /** @return the principal Kafka's authorizer knows it by */
    public String principal() {
        return "User:" + name;
    }

    /** @return the ACLs that allow exactly what this user does, from any host */
    public List<AclBinding> aclBindings() {
        List<AclBinding> acls = new ArrayList<>();
        for (String topic : writes) {
            acls.add(allow(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL), AclOperation.WRITE));
        }
        for (String topic : reads) {
            acls.add(allow(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL), AclOperation.READ));
        }
        for (String group : groups) {
            if (group.endsWith("*")) {
                ResourcePattern prefix = new ResourcePattern(ResourceType.GROUP, group.substring(0, group.length() - 1), PatternType.PREFIXED);
                acls.add(allow(prefix, AclOperation.READ));
            } else {
                acls.add(allow(new ResourcePattern(ResourceType.GROUP, group, PatternType.LITERAL), AclOperation.READ));
            }
        }
        return acls;
    }

    private AclBinding allow(ResourcePattern resource, AclOperation operation) {
        return new AclBinding(resource, new AccessControlEntry(principal(), "*", operation, AclPermissionType.ALLOW));
    }
}
