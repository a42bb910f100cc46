package dev.plinth.gateway.apps;

import dev.plinth.testkit.kafka.InProcessKafka;
import io.micronaut.context.ApplicationContext;
import dev.plinth.testkit.mongo.InProcessMongo;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a gateway context that routes apps needs in a test: a Kafka broker with
 * {@code instance.status} and a MongoDB server, both in the test's JVM on loopback, and the
 * properties that point the gateway at them. Close it after the gateway context, so the gateway's
 * Kafka consumer leaves while the broker still answers.
 */
public final class AppsTestBackends implements AutoCloseable {

    private final InProcessKafka kafka;
    private final InProcessMongo mongo;
    private final List<AutoCloseable> instances = new ArrayList<>();

    /** Starts servers of this test's own (the test stops them), not the JVM's shared ones. */
    public AppsTestBackends() {
        kafka = InProcessKafka.start();
        mongo = InProcessMongo.start();
    }

    /** @return the properties of a gateway context on these servers, with the endpoint table fed by hand */
    public Map<String, String> gatewayProperties() {
        Map<String, String> p = new HashMap<>();
        p.put("plinth.subsystems.api-gateway.enabled", "true");
        p.put("plinth.security.jwt-secret", "app-proxy-test-secret-0123456789abcdef0123456789");
        p.put("plinth.kafka.bootstrap-servers", kafka.bootstrapServers());
        p.put("plinth.mongodb.uri", mongo.uri("plinth"));
        p.put("plinth.mongodb.database", "plinth");
        // Sign-in is not under test: the directory is nowhere, and nothing asks it.
        p.put("plinth.ldap.url", "ldap://127.0.0.1:1");
        p.put("plinth.ldap.manager-dn", "cn=nobody");
        p.put("plinth.ldap.manager-password", "none");
        p.put("plinth.ldap.people-dn", "ou=people,dc=plinth,dc=local");
        p.put("plinth.ldap.groups-dn", "ou=groups,dc=plinth,dc=local");
        // The tests resync by hand, and feed the table directly for longer than the default grace.
        p.put("plinth.gateway.apps.resync-interval", "1h");
        p.put("plinth.gateway.apps.status-grace", "10m");
        p.put("plinth.gateway.apps.suspect-for", "1m");
        return p;
    }

    /** @return a loopback port nothing listens on (it was free a moment ago) */
    public static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** @return the app instance, to be closed with these backends */
    public <T extends AutoCloseable> T started(T instance) {
        instances.add(instance);
        return instance;
    }

    /** Stops the gateway first, so its Kafka consumer leaves while the broker still answers, then the instances and servers. */
    public void closeAfter(ApplicationContext gateway) throws Exception {
        gateway.stop();
        for (AutoCloseable instance : instances) {
            instance.close();
        }
        close();
    }

    @Override
    public void close() throws IOException {
        kafka.close();
        mongo.close();
    }
}
