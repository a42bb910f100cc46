package dev.plinth.bootstrapper;

import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DeleteRequest;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyDNRequest;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.PLAINBindRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.ProxiedAuthorizationV2RequestControl;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedRequest;
import com.unboundid.ldap.sdk.extensions.WhoAmIExtendedRequest;
import dev.plinth.bootstrapper.infra.EmbeddedLdap;
import dev.plinth.bootstrapper.infra.Infrastructure;
import dev.plinth.bootstrapper.infra.InfrastructureEndpoints;
import dev.plinth.bootstrapper.infra.LdapLayout;
import dev.plinth.bootstrapper.infra.TopicProvisioner;
import dev.plinth.bootstrapper.infra.kafka.KafkaUsers;
import dev.plinth.bootstrapper.secrets.PlatformSecrets;
import dev.plinth.contracts.events.Topics;
import dev.plinth.kit.kafka.KafkaCredentials;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded Kafka broker and directory, started as {@code plinth up} starts them, attacked as an
 * uploaded app that reached them would attack: every attack fails and changes nothing, while the
 * platform's own users still do their work.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InfrastructureAccessTest {

    private Infrastructure infrastructure;
    private InfrastructureEndpoints endpoints;
    private PlatformSecrets secrets;
    private java.nio.file.Path data;

    @BeforeAll
    void start(@TempDir java.nio.file.Path data) throws Exception {
        this.data = data;
        PlatformSettings settings = TestPlatforms.settings(data);
        secrets = PlatformSecrets.loadOrCreate(data);
        infrastructure = Infrastructure.start(settings, secrets, null);
        endpoints = infrastructure.endpoints();
        TopicProvisioner.ensureTopics(endpoints.kafkaBootstrap(), login(KafkaUsers.ADMIN), (short) 1, Duration.ofSeconds(60));
    }

    @AfterAll
    void stop() {
        if (infrastructure != null) {
            infrastructure.close();
        }
    }

    // ---- Kafka ----

    @Test
    void kafkaWithoutCredentialsListsNothing() {
        Map<String, Object> plain = client(KafkaCredentials.NONE);
        try (Admin admin = Admin.create(plain)) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> admin.listTopics().names().get(30, TimeUnit.SECONDS));
            assertInstanceOf(org.apache.kafka.common.errors.TimeoutException.class, e.getCause(),
                    "a client that does not sign in is never answered: " + e.getCause());
        }
    }

    @Test
    void kafkaWithWrongCredentialsIsRefused() {
        KafkaCredentials agent = login(KafkaUsers.AGENT);
        List<KafkaCredentials> wrong = List.of(
                KafkaCredentials.scram(KafkaUsers.AGENT, agent.password() + "x"),
                KafkaCredentials.scram("intruder", agent.password()),
                // The super user's password is checked as strictly...
                new KafkaCredentials("SASL_PLAINTEXT", "PLAIN", KafkaUsers.ADMIN, "guess-" + UUID.randomUUID()),
                // ...and PLAIN is no way around SCRAM for a limited user.
                new KafkaCredentials("SASL_PLAINTEXT", "PLAIN", KafkaUsers.AGENT, agent.password()));
        for (KafkaCredentials credentials : wrong) {
            try (Admin admin = Admin.create(client(credentials))) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> admin.listTopics().names().get(30, TimeUnit.SECONDS),
                        credentials + " gets in");
                assertInstanceOf(SaslAuthenticationException.class, e.getCause(), credentials + ": " + e.getCause());
            }
        }
    }

    @Test
    void aLimitedUserSeesOnlyItsOwnTopics() throws Exception {
        try (Admin admin = Admin.create(client(login(KafkaUsers.AGENT)))) {
            Set<String> visible = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertEquals(Set.of(Topics.NODE_COMMANDS, Topics.INSTANCE_STATUS, Topics.NODE_HEARTBEATS, Topics.PLATFORM_LOGS), visible);
        }
    }

    @Test
    void theAgentCannotSendNodeCommandsButReportsStatus() throws Exception {
        Map<TopicPartition, Long> before = endOffsets(Topics.NODE_COMMANDS);
        try (KafkaProducer<String, String> producer = producer(login(KafkaUsers.AGENT))) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> producer.send(
                    new ProducerRecord<>(Topics.NODE_COMMANDS, "node-1", "{\"type\":\"START\"}")).get(30, TimeUnit.SECONDS));
            assertInstanceOf(TopicAuthorizationException.class, e.getCause());
            // The same user may do what it is for: the test would notice a broker that refuses everything.
            producer.send(new ProducerRecord<>(Topics.INSTANCE_STATUS, "x", "{}")).get(30, TimeUnit.SECONDS);
        }
        assertEquals(before, endOffsets(Topics.NODE_COMMANDS), "node.commands is unchanged");
    }

    @Test
    void noSubsystemButNodeManagerSendsNodeCommands() throws Exception {
        Map<TopicPartition, Long> before = endOffsets(Topics.NODE_COMMANDS);
        for (String subsystem : List.of("api-gateway", "deployer", "sensor-manager", "monitor", "logger", "app-controller")) {
            try (KafkaProducer<String, String> producer = producer(login(KafkaUsers.subsystem(subsystem)))) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> producer.send(
                        new ProducerRecord<>(Topics.NODE_COMMANDS, "node-1", "{}")).get(30, TimeUnit.SECONDS), subsystem);
                assertInstanceOf(TopicAuthorizationException.class, e.getCause(), subsystem);
            }
        }
        assertEquals(before, endOffsets(Topics.NODE_COMMANDS), "node.commands is unchanged");
    }

    @Test
    void theAgentCannotReadOtherPartsData() {
        for (String topic : List.of(Topics.PLATFORM_LOGS, Topics.SENSOR_READINGS, Topics.DEPLOYMENT_EVENTS, Topics.ALERTS)) {
            try (KafkaConsumer<String, String> consumer = consumer(login(KafkaUsers.AGENT), null)) {
                consumer.assign(List.of(new TopicPartition(topic, 0)));
                consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
                assertThrows(TopicAuthorizationException.class, () -> consumer.poll(Duration.ofSeconds(10)), topic);
            }
        }
    }

    @Test
    void theAgentCannotJoinAnotherUsersConsumerGroup() throws Exception {
        Set<String> groupsBefore = groups();
        try (KafkaConsumer<String, String> consumer = consumer(login(KafkaUsers.AGENT), "deployer")) {
            consumer.subscribe(List.of(Topics.NODE_COMMANDS));
            assertThrows(GroupAuthorizationException.class, () -> consumer.poll(Duration.ofSeconds(10)));
        }
        assertEquals(groupsBefore, groups(), "no group was made or joined");
    }

    @Test
    void limitedUsersCannotCreateTopicsNorChangeUsersOrAcls() throws Exception {
        Set<String> topicsBefore = topics();
        Set<AclBinding> aclsBefore = acls();
        try (Admin admin = Admin.create(client(login(KafkaUsers.subsystem("api-gateway"))))) {
            ExecutionException created = assertThrows(ExecutionException.class, () -> admin.createTopics(
                    List.of(new NewTopic("exfiltration", 1, (short) 1))).all().get(30, TimeUnit.SECONDS));
            assertInstanceOf(TopicAuthorizationException.class, created.getCause());
            ExecutionException deleted = assertThrows(ExecutionException.class, () -> admin.deleteTopics(
                    List.of(Topics.INSTANCE_STATUS)).all().get(30, TimeUnit.SECONDS));
            assertInstanceOf(TopicAuthorizationException.class, deleted.getCause());
            AclBinding grantMyself = new AclBinding(new ResourcePattern(ResourceType.TOPIC, "*", PatternType.LITERAL),
                    new AccessControlEntry("User:" + KafkaUsers.subsystem("api-gateway"), "*", AclOperation.ALL, AclPermissionType.ALLOW));
            ExecutionException granted = assertThrows(ExecutionException.class, () -> admin.createAcls(List.of(grantMyself)).all()
                    .get(30, TimeUnit.SECONDS));
            assertInstanceOf(ClusterAuthorizationException.class, granted.getCause());
            ExecutionException rekeyed = assertThrows(ExecutionException.class, () -> admin.alterUserScramCredentials(List.of(
                    new UserScramCredentialUpsertion(KafkaUsers.AGENT, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 8192),
                            "attacker-chosen"))).all().get(30, TimeUnit.SECONDS));
            assertInstanceOf(ClusterAuthorizationException.class, rekeyed.getCause());
        }
        assertEquals(topicsBefore, topics(), "no topic was created or deleted");
        assertEquals(aclsBefore, acls(), "the ACLs are unchanged");
        try (Admin admin = Admin.create(client(login(KafkaUsers.AGENT)))) {
            admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theControllerListenerTakesOnlyTheBroker() {
        String controller = "127.0.0.1:" + infrastructure.embeddedKafka().controllerPort();
        for (KafkaCredentials credentials : List.of(login(KafkaUsers.subsystem("node-manager")),
                new KafkaCredentials("SASL_PLAINTEXT", "PLAIN", KafkaUsers.ADMIN, login(KafkaUsers.ADMIN).password()))) {
            Map<String, Object> config = client(credentials);
            config.remove("bootstrap.servers");
            config.put("bootstrap.controllers", controller);
            try (Admin admin = Admin.create(config)) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS),
                        credentials + " reaches the controller");
                assertTrue(e.getCause() instanceof org.apache.kafka.common.errors.AuthenticationException,
                        credentials + ": " + e.getCause());
            }
        }
    }

    // ---- LDAP ----

    @Test
    void anonymousBindsAndOperationsBeforeABindAreRefused() throws Exception {
        URI url = URI.create(endpoints.ldapUrl());
        LdapLayout layout = endpoints.ldapLayout();
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        // Send a DN without a password to the server rather than stop it in the client.
        options.setBindWithDNRequiresPassword(false);
        try (LDAPConnection connection = new LDAPConnection(options, url.getHost(), url.getPort())) {
            LDAPException anonymous = assertThrows(LDAPException.class, () -> connection.bind("", ""));
            assertEquals(ResultCode.INAPPROPRIATE_AUTHENTICATION, anonymous.getResultCode());
            LDAPException unauthenticated = assertThrows(LDAPException.class, () -> connection.bind(layout.userDn("admin"), ""));
            assertEquals(ResultCode.INAPPROPRIATE_AUTHENTICATION, unauthenticated.getResultCode());
            LDAPException search = assertThrows(LDAPException.class, () -> connection.search(layout.groupsDn(), SearchScope.SUB, "(objectClass=*)"));
            assertEquals(ResultCode.INSUFFICIENT_ACCESS_RIGHTS, search.getResultCode());
            LDAPException rootDse = assertThrows(LDAPException.class, () -> connection.getRootDSE().getNamingContextDNs());
            assertEquals(ResultCode.INSUFFICIENT_ACCESS_RIGHTS, rootDse.getResultCode());
            LDAPException add = assertThrows(LDAPException.class, () -> connection.modify(layout.adminsDn(),
                    new Modification(ModificationType.ADD, "uniqueMember", layout.userDn("nobody"))));
            assertEquals(ResultCode.INSUFFICIENT_ACCESS_RIGHTS, add.getResultCode());
        }
        assertFalse(members(layout.adminsDn()).contains(layout.userDn("nobody").toLowerCase()));
    }

    @Test
    void aDeveloperBoundAsThemselvesCannotMakeThemselvesAdminNorChangeAnything() throws Exception {
        LdapLayout layout = endpoints.ldapLayout();
        String uid = "mallory-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "correct-horse-" + UUID.randomUUID();
        String dn = layout.userDn(uid);
        try (LDAPConnection manager = managerConnection()) {
            manager.add(new Entry(dn, new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson"),
                    new Attribute("uid", uid), new Attribute("cn", "Mallory"), new Attribute("sn", "M"), new Attribute("userPassword", password)));
            manager.modify(layout.developersDn(), new Modification(ModificationType.ADD, "uniqueMember", dn));
        }
        Set<String> adminsBefore = members(layout.adminsDn());
        Set<String> developersBefore = members(layout.developersDn());
        Entry selfBefore = entry(dn);

        URI url = URI.create(endpoints.ldapUrl());
        try (LDAPConnection self = new LDAPConnection(url.getHost(), url.getPort())) {
            assertEquals(ResultCode.SUCCESS, self.bind(dn, password).getResultCode(), "a person binds to prove their password");
            Map<String, ThrowingCall> attacks = new java.util.LinkedHashMap<>();
            attacks.put("join admins", () -> self.modify(layout.adminsDn(), new Modification(ModificationType.ADD, "uniqueMember", dn)));
            attacks.put("join admins as the manager (proxied authorization)", () -> {
                ModifyRequest request = new ModifyRequest(layout.adminsDn(), new Modification(ModificationType.ADD, "uniqueMember", dn));
                request.addControl(new ProxiedAuthorizationV2RequestControl("dn:" + EmbeddedLdap.MANAGER_DN));
                self.modify(request);
            });
            attacks.put("leave developers", () -> self.modify(layout.developersDn(), new Modification(ModificationType.DELETE, "uniqueMember", dn)));
            attacks.put("change own name", () -> self.modify(dn, new Modification(ModificationType.REPLACE, "cn", "Admin")));
            attacks.put("change the admin's password", () -> self.modify(layout.userDn("admin"),
                    new Modification(ModificationType.REPLACE, "userPassword", "pwned")));
            attacks.put("add an admins-like group", () -> self.add(new AddRequest(new Entry("cn=admins2," + layout.groupsDn(),
                    new Attribute("objectClass", "top", "groupOfUniqueNames"), new Attribute("cn", "admins2"), new Attribute("uniqueMember", dn)))));
            attacks.put("delete the admins group", () -> self.delete(new DeleteRequest(layout.adminsDn())));
            attacks.put("rename the admins group", () -> self.modifyDN(new ModifyDNRequest(layout.adminsDn(), "cn=old-admins", true)));
            attacks.put("read everyone (password hashes)", () -> self.search(layout.peopleDn(), SearchScope.SUB, "(objectClass=*)", "userPassword"));
            attacks.put("compare the admin's password", () -> self.compare(layout.userDn("admin"), "cn", "Platform admin"));
            attacks.put("reset a password", () -> {
                ExtendedResult result = self.processExtendedOperation(new PasswordModifyExtendedRequest(layout.userDn("admin"), null, "pwned"));
                throw new LDAPException(result);
            });
            attacks.put("who am I", () -> {
                ExtendedResult result = self.processExtendedOperation(new WhoAmIExtendedRequest());
                throw new LDAPException(result);
            });
            for (Map.Entry<String, ThrowingCall> attack : attacks.entrySet()) {
                LDAPException e = assertThrows(LDAPException.class, attack.getValue()::call, attack.getKey() + " succeeded");
                assertEquals(ResultCode.INSUFFICIENT_ACCESS_RIGHTS, e.getResultCode(), attack.getKey() + ": " + e.getMessage());
            }
            LDAPException sasl = assertThrows(LDAPException.class, () -> self.bind(new PLAINBindRequest("dn:" + dn, password)));
            assertEquals(ResultCode.AUTH_METHOD_NOT_SUPPORTED, sasl.getResultCode());
        }
        assertEquals(adminsBefore, members(layout.adminsDn()), "cn=admins is unchanged");
        assertEquals(developersBefore, members(layout.developersDn()), "cn=developers is unchanged");
        assertEquals(selfBefore, entry(dn), "the developer's own entry is unchanged");
        try (LDAPConnection manager = managerConnection()) {
            assertTrue(manager.getEntry("cn=admins2," + layout.groupsDn()) == null, "no group was added");
            assertNotEquals(null, manager.getEntry(layout.adminsDn()), "cn=admins still exists");
        }
    }

    @Test
    void theManagerStillChangesTheDirectory() throws Exception {
        LdapLayout layout = endpoints.ldapLayout();
        String dn = layout.userDn("trent-" + UUID.randomUUID().toString().substring(0, 8));
        try (LDAPConnection manager = managerConnection()) {
            manager.add(new Entry(dn, new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson"),
                    new Attribute("uid", dn.substring(4, dn.indexOf(','))), new Attribute("cn", "Trent"), new Attribute("sn", "T")));
            manager.modify(layout.adminsDn(), new Modification(ModificationType.ADD, "uniqueMember", dn));
            assertTrue(members(layout.adminsDn()).contains(dn.toLowerCase()));
            manager.modify(layout.adminsDn(), new Modification(ModificationType.DELETE, "uniqueMember", dn));
            manager.delete(dn);
        }
        assertFalse(members(layout.adminsDn()).contains(dn.toLowerCase()));
    }

    @Test
    void theDirectoryFileHoldsNoPasswordInClear() throws Exception {
        java.nio.file.Path file = data.resolve("ldap").resolve("directory.ldif");
        String saved = java.nio.file.Files.readString(file);
        assertTrue(saved.contains("userPassword: {SSHA256}"), "passwords are salted and hashed");
        assertFalse(saved.contains(secrets.adminPassword()), "the admin's password is not in the file");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(file)));
    }

    @FunctionalInterface
    interface ThrowingCall {
        void call() throws Exception;
    }

    private LDAPConnection managerConnection() throws LDAPException {
        URI url = URI.create(endpoints.ldapUrl());
        return new LDAPConnection(url.getHost(), url.getPort(), endpoints.ldapManagerDn(), endpoints.ldapManagerPassword());
    }

    private Set<String> members(String groupDn) throws LDAPException {
        try (LDAPConnection manager = managerConnection()) {
            SearchResultEntry group = manager.getEntry(groupDn, "uniqueMember");
            return group == null || group.getAttributeValues("uniqueMember") == null ? Set.of()
                    : java.util.Arrays.stream(group.getAttributeValues("uniqueMember")).map(String::toLowerCase).collect(Collectors.toSet());
        }
    }

    private Entry entry(String dn) throws LDAPException {
        try (LDAPConnection manager = managerConnection()) {
            return manager.getEntry(dn, "*", "+");
        }
    }

    // ---- Kafka helpers ----

    private KafkaCredentials login(String user) {
        return endpoints.kafkaLogins().of(user);
    }

    private Map<String, Object> client(KafkaCredentials credentials) {
        Map<String, Object> config = new HashMap<>(credentials.clientProperties());
        config.put("bootstrap.servers", endpoints.kafkaBootstrap());
        config.put("request.timeout.ms", 5000);
        config.put("default.api.timeout.ms", 10000);
        config.put("max.block.ms", 10000);
        config.put("reconnect.backoff.max.ms", 1000);
        return config;
    }

    private KafkaProducer<String, String> producer(KafkaCredentials credentials) {
        Map<String, Object> config = client(credentials);
        config.put("delivery.timeout.ms", 15000);
        config.put("acks", "all");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private KafkaConsumer<String, String> consumer(KafkaCredentials credentials, String group) {
        Map<String, Object> config = client(credentials);
        if (group != null) {
            config.put("group.id", group);
        }
        config.put("enable.auto.commit", "false");
        config.put("auto.offset.reset", "earliest");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    private Admin admin() {
        return Admin.create(client(login(KafkaUsers.ADMIN)));
    }

    private Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        try (Admin admin = admin()) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    private Set<String> topics() throws Exception {
        try (Admin admin = admin()) {
            return new TreeSet<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
        }
    }

    private Set<String> groups() throws Exception {
        try (Admin admin = admin()) {
            return admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS).stream()
                    .map(org.apache.kafka.clients.admin.ConsumerGroupListing::groupId).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private Set<AclBinding> acls() throws Exception {
        try (Admin admin = admin()) {
            return Set.copyOf(admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS));
        }
    }
}
