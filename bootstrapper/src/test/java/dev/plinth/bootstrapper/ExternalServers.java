package dev.plinth.bootstrapper;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import dev.plinth.bootstrapper.infra.LdapLayout;
import dev.plinth.bootstrapper.infra.Ports;

import dev.plinth.testkit.wait.Waits;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Real servers outside the test JVM, each on a free loopback port with its files in a temporary
 * directory: Debian's slapd and mosquitto, and a Kafka broker in its own JVM. A server that is not
 * installed fails the test with what to install; it is never skipped.
 */
final class ExternalServers implements AutoCloseable {

    static final String MANAGER_DN = "cn=manager,dc=plinth,dc=local";

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();

    ExternalServers(Path dir) {
        this.dir = dir;
    }

    /** Starts slapd with an empty mdb database for {@code dc=plinth,dc=local}; returns its URL. */
    String slapd(String managerPassword) throws Exception {
        Path slapd = requireExecutable("/usr/sbin/slapd", "slapd (apt-get install slapd)");
        Path home = Files.createDirectories(dir.resolve("slapd"));
        Files.createDirectories(home.resolve("db"));
        int port = Ports.free();
        Files.writeString(home.resolve("slapd.conf"), """
                include /etc/ldap/schema/core.schema
                include /etc/ldap/schema/cosine.schema
                include /etc/ldap/schema/nis.schema
                include /etc/ldap/schema/inetorgperson.schema
                modulepath /usr/lib/ldap
                moduleload back_mdb
                pidfile %1$s/slapd.pid
                argsfile %1$s/slapd.args
                database mdb
                maxsize 104857600
                suffix "dc=plinth,dc=local"
                rootdn "%2$s"
                rootpw %3$s
                directory %1$s/db
                """.formatted(home, MANAGER_DN, managerPassword));
        start(List.of(slapd.toString(), "-h", "ldap://127.0.0.1:" + port + "/", "-f", home.resolve("slapd.conf").toString(),
                "-d", "0"), home.resolve("slapd.log"));
        awaitPort(port, "slapd");
        return "ldap://127.0.0.1:" + port;
    }

    /** Seeds the layout Plinth expects and one admin, as an operator of a real directory would. */
    static void seedDirectory(String url, String managerPassword, LdapLayout layout, String admin, String adminPassword) throws Exception {
        java.net.URI uri = java.net.URI.create(url);
        try (LDAPConnection c = new LDAPConnection(uri.getHost(), uri.getPort(), MANAGER_DN, managerPassword)) {
            c.add(new Entry(layout.baseDn(), new Attribute("objectClass", "top", "domain"), new Attribute("dc", "plinth")));
            c.add(new Entry(layout.peopleDn(), new Attribute("objectClass", "top", "organizationalUnit"), new Attribute("ou", "people")));
            c.add(new Entry(layout.groupsDn(), new Attribute("objectClass", "top", "organizationalUnit"), new Attribute("ou", "groups")));
            c.add(new Entry(layout.userDn(admin), new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson"),
                    new Attribute("uid", admin), new Attribute("cn", "Admin"), new Attribute("sn", "Admin"),
                    new Attribute("userPassword", adminPassword)));
            c.add(new Entry(layout.adminsDn(), new Attribute("objectClass", "top", "groupOfUniqueNames"),
                    new Attribute("cn", layout.adminsCn()), new Attribute("uniqueMember", layout.userDn(admin))));
            c.add(new Entry(layout.developersDn(), new Attribute("objectClass", "top", "groupOfUniqueNames"),
                    new Attribute("cn", layout.developersCn()), new Attribute("uniqueMember", layout.userDn(admin))));
        }
    }

    /** Starts mosquitto on loopback; returns its URL. */
    String mosquitto() throws Exception {
        Path mosquitto = requireExecutable("/usr/sbin/mosquitto", "mosquitto (apt-get install mosquitto)");
        Path home = Files.createDirectories(dir.resolve("mosquitto"));
        int port = Ports.free();
        Path conf = home.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
        start(List.of(mosquitto.toString(), "-c", conf.toString()), home.resolve("mosquitto.log"));
        awaitPort(port, "mosquitto");
        return "tcp://127.0.0.1:" + port;
    }

    /** Formats storage for and starts a single-node KRaft broker in its own JVM; returns its bootstrap servers. */
    String kafkaJvm() throws Exception {
        Path home = Files.createDirectories(dir.resolve("kafka"));
        int port = Ports.free();
        int controller = Ports.free();
        Path props = home.resolve("server.properties");
        Files.writeString(props, """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                log.dirs=%3$s
                auto.create.topics.enable=false
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=5
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                group.initial.rebalance.delay.ms=0
                log.cleaner.dedupe.buffer.size=2097152
                """.formatted(port, controller, home.resolve("logs")));
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        Process format = new ProcessBuilder(javaBin, "-cp", classpath, "kafka.tools.StorageTool", "format",
                "-t", org.apache.kafka.common.Uuid.randomUuid().toString(), "-c", props.toString())
                .redirectErrorStream(true).redirectOutput(home.resolve("format.log").toFile()).start();
        assertTrue(format.waitFor(120, TimeUnit.SECONDS) && format.exitValue() == 0,
                "formatting Kafka storage failed: " + Files.readString(home.resolve("format.log")));
        start(List.of(javaBin, "-Xmx512m", "-cp", classpath, "kafka.Kafka", props.toString()), home.resolve("kafka.log"));
        awaitPort(port, "the Kafka JVM");
        return "127.0.0.1:" + port;
    }

    /**
     * A single-node KRaft broker in its own JVM that lets in only SCRAM users, as an operator would
     * set one up: the users are created at format time ({@code --add-scram}), the controller listener
     * takes the broker alone (SASL/PLAIN), and the authorizer denies whatever no ACL allows. The
     * platform's user is a super user here (one login for a whole {@code plinth up}).
     *
     * @return its bootstrap servers
     */
    String kafkaJvmWithScram(String platformUser, String platformPassword) throws Exception {
        Path home = Files.createDirectories(dir.resolve("kafka-scram"));
        int port = Ports.free();
        int controller = Ports.free();
        String brokerPassword = password();
        Path props = home.resolve("server.properties");
        Files.writeString(props, """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                listeners=SASL_PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=SASL_PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
                inter.broker.listener.name=SASL_PLAINTEXT
                sasl.mechanism.inter.broker.protocol=SCRAM-SHA-256
                sasl.mechanism.controller.protocol=PLAIN
                listener.name.controller.sasl.enabled.mechanisms=PLAIN
                listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="broker" password="%4$s" user_broker="%4$s";
                listener.name.sasl_plaintext.sasl.enabled.mechanisms=SCRAM-SHA-256
                listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="broker" password="%4$s";
                authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
                allow.everyone.if.no.acl.found=false
                super.users=User:broker;User:%5$s
                log.dirs=%3$s
                auto.create.topics.enable=false
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=5
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                group.initial.rebalance.delay.ms=0
                log.cleaner.dedupe.buffer.size=2097152
                """.formatted(port, controller, home.resolve("logs"), brokerPassword, platformUser));
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        Process format = new ProcessBuilder(javaBin, "-cp", classpath, "kafka.tools.StorageTool", "format",
                "-t", org.apache.kafka.common.Uuid.randomUuid().toString(), "-c", props.toString(),
                "--add-scram", "SCRAM-SHA-256=[name=broker,password=" + brokerPassword + "]",
                "--add-scram", "SCRAM-SHA-256=[name=" + platformUser + ",password=" + platformPassword + "]")
                .redirectErrorStream(true).redirectOutput(home.resolve("format.log").toFile()).start();
        assertTrue(format.waitFor(120, TimeUnit.SECONDS) && format.exitValue() == 0,
                "formatting Kafka storage failed: " + Files.readString(home.resolve("format.log")));
        start(List.of(javaBin, "-Xmx512m", "-cp", classpath, "kafka.Kafka", props.toString()), home.resolve("kafka.log"));
        awaitPort(port, "the SCRAM Kafka JVM");
        return "127.0.0.1:" + port;
    }

    private static Path requireExecutable(String path, String what) {
        Path p = Path.of(path);
        if (!Files.isExecutable(p)) {
            fail(path + " is missing: install " + what + "; the integration profile needs real servers");
        }
        return p;
    }

    private void start(List<String> command, Path log) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
    }

    private void awaitPort(int port, String what) {
        Waits.untilTrue(what + " to listen on port " + port, Duration.ofSeconds(90), () -> {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    fail(what + " exited with code " + p.exitValue() + "; see its log under " + dir);
                }
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        }, () -> "its log is under " + dir);
    }

    static String password() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }
}
