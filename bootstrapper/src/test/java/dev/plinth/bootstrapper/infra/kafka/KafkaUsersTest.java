package dev.plinth.bootstrapper.infra.kafka;

import dev.plinth.contracts.events.TopicSpec;
import dev.plinth.contracts.events.Topics;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The table of Kafka users: what it allows, what it must never allow, and that the docs say the same. */
class KafkaUsersTest {

    private static Set<String> writersOf(String topic) {
        return KafkaUsers.LIMITED.stream().filter(u -> u.writes().contains(topic)).map(KafkaUser::name).collect(Collectors.toSet());
    }

    private static Set<String> readersOf(String topic) {
        return KafkaUsers.LIMITED.stream().filter(u -> u.reads().contains(topic)).map(KafkaUser::name).collect(Collectors.toSet());
    }

    @Test
    void onlyNodeManagerCommandsNodesAndOnlyAgentsReadTheCommands() {
        assertEquals(Set.of("plinth-node-manager"), writersOf(Topics.NODE_COMMANDS));
        assertEquals(Set.of(KafkaUsers.AGENT), readersOf(Topics.NODE_COMMANDS));
    }

    @Test
    void onlyAgentsReportInstancesAndNodes() {
        assertEquals(Set.of(KafkaUsers.AGENT), writersOf(Topics.INSTANCE_STATUS));
        assertEquals(Set.of(KafkaUsers.AGENT), writersOf(Topics.NODE_HEARTBEATS));
    }

    @Test
    void agentsReadNothingButTheirCommands() {
        KafkaUser agent = KafkaUsers.limited(KafkaUsers.AGENT).orElseThrow();
        assertEquals(Set.of(Topics.NODE_COMMANDS), agent.reads());
        assertFalse(agent.writes().contains(Topics.DEPLOYMENT_EVENTS));
        assertFalse(agent.writes().contains(Topics.SENSOR_READINGS));
    }

    @Test
    void everyTopicHasAWriterAndEveryTopicUsedExists() {
        Set<String> topics = Topics.ALL.stream().map(TopicSpec::name).collect(Collectors.toSet());
        for (String topic : topics) {
            assertFalse(writersOf(topic).isEmpty(), topic + " has no writer");
        }
        for (KafkaUser user : KafkaUsers.LIMITED) {
            assertTrue(topics.containsAll(user.writes()), user.name() + " writes a topic that does not exist");
            assertTrue(topics.containsAll(user.reads()), user.name() + " reads a topic that does not exist");
        }
    }

    @Test
    void noTwoUsersShareAConsumerGroup() {
        Map<String, String> owner = new HashMap<>();
        for (KafkaUser user : KafkaUsers.LIMITED) {
            for (String group : user.groups()) {
                String stem = group.endsWith("*") ? group.substring(0, group.length() - 1) : group;
                owner.forEach((other, who) -> {
                    if (!who.equals(user.name())) {
                        String otherStem = other.endsWith("*") ? other.substring(0, other.length() - 1) : other;
                        boolean overlap = (group.endsWith("*") && otherStem.startsWith(stem))
                                || (other.endsWith("*") && stem.startsWith(otherStem)) || stem.equals(otherStem);
                        assertFalse(overlap, group + " of " + user.name() + " overlaps " + other + " of " + who);
                    }
                });
                owner.put(group, user.name());
            }
        }
    }

    @Test
    void aclsAllowExactlyTheTable() {
        KafkaUser user = new KafkaUser("u", Set.of("t1"), Set.of("t2"), Set.of("g", "p*"));
        AccessControlEntry write = new AccessControlEntry("User:u", "*", AclOperation.WRITE, AclPermissionType.ALLOW);
        AccessControlEntry read = new AccessControlEntry("User:u", "*", AclOperation.READ, AclPermissionType.ALLOW);
        assertEquals(Set.of(
                new AclBinding(new ResourcePattern(ResourceType.TOPIC, "t1", PatternType.LITERAL), write),
                new AclBinding(new ResourcePattern(ResourceType.TOPIC, "t2", PatternType.LITERAL), read),
                new AclBinding(new ResourcePattern(ResourceType.GROUP, "g", PatternType.LITERAL), read),
                new AclBinding(new ResourcePattern(ResourceType.GROUP, "p", PatternType.PREFIXED), read)),
                Set.copyOf(user.aclBindings()));
    }

    @Test
    void planCreatesWhatIsMissingAndDeletesWhatIsNotWanted() {
        AclBinding a = new KafkaUser("a", Set.of("t"), Set.of(), Set.of()).aclBindings().get(0);
        AclBinding b = new KafkaUser("b", Set.of("t"), Set.of(), Set.of()).aclBindings().get(0);
        AclBinding c = new KafkaUser("c", Set.of("t"), Set.of(), Set.of()).aclBindings().get(0);
        KafkaAccess.AclChanges changes = KafkaAccess.plan(List.of(a, b), List.of(b, c));
        assertEquals(List.of(c), changes.create());
        assertEquals(List.of(a), changes.delete());
        assertTrue(KafkaAccess.plan(List.of(a), List.of(a)).none());
    }

    @Test
    void theDocsTableIsTheCodesTable() throws Exception {
        Path doc = Path.of("..", "docs", "infrastructure-access.md");
        Map<String, KafkaUser> documented = new HashMap<>();
        for (String line : Files.readAllLines(doc)) {
            if (!line.startsWith("| `plinth-")) {
                continue;
            }
            String[] cells = line.split("\\|", -1);
            String name = cells[1].trim().replace("`", "");
            documented.put(name, new KafkaUser(name, names(cells[3]), names(cells[4]), names(cells[5])));
        }
        Map<String, KafkaUser> code = KafkaUsers.LIMITED.stream().collect(Collectors.toMap(KafkaUser::name, u -> u));
        assertEquals(code, documented, "docs/infrastructure-access.md lists the users of KafkaUsers.LIMITED");
    }

    private static Set<String> names(String cell) {
        return Arrays.stream(cell.split(",")).map(s -> s.trim().replace("`", "")).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }
}
