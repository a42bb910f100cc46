package dev.plinth.bootstrapper.cli;

import dev.plinth.bootstrapper.PlatformSettings;
import dev.plinth.bootstrapper.infra.InfrastructureEndpoints;
import dev.plinth.bootstrapper.infra.LdapLayout;
import dev.plinth.bootstrapper.infra.kafka.KafkaLogins;
import dev.plinth.bootstrapper.secrets.PlatformSecrets;
import dev.plinth.bootstrapper.supervisor.SubsystemHost;
import dev.plinth.kit.logging.LogShipping;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Reads a distributed setup from the environment: every piece of infrastructure is external and
 * given by URL, and the signing secret is shared by every process.
 */
final class DistributedSetup {

    private final Map<String, String> env;
    private final PlatformSettings settings;
    private final List<String> missing = new ArrayList<>();

    DistributedSetup(Map<String, String> env, Path dataDir) {
        this.env = env;
        PlatformSettings s = PlatformSettings.fromEnvironment(env);
        this.settings = dataDir == null ? s : s.withDataDir(dataDir);
    }

    PlatformSettings settings() {
        return settings;
    }

    String require(String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            missing.add(name);
            return "";
        }
        return v.trim();
    }

    /** @return the variables that must be set but are not */
    List<String> missing() {
        return List.copyOf(missing);
    }

    /** The shared signing secret: {@code PLINTH_JWT_SECRET}, else the data directory's. */
    String jwtSecret() throws IOException {
        if (settings.jwtSecret().isPresent()) {
            return settings.jwtSecret().get();
        }
        return PlatformSecrets.loadOrCreate(settings.dataDir()).jwtSecret();
    }

    URI gatewayUrl() {
        return URI.create(env.getOrDefault("PLINTH_GATEWAY_URL", "http://127.0.0.1:" + PlatformSettings.DEFAULT_PORT));
    }

    /** Subsystem URLs for the gateway, from {@code PLINTH_ROUTE_<SUBSYSTEM>} (as PLINTH_ROUTE_APP_CONTROLLER). */
    Map<String, URI> routes(List<String> subsystems) {
        Map<String, URI> routes = new LinkedHashMap<>();
        for (String name : subsystems) {
            String variable = "PLINTH_ROUTE_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
            Optional.ofNullable(env.get(variable)).filter(v -> !v.isBlank()).ifPresent(v -> routes.put(name, URI.create(v.trim())));
        }
        return routes;
    }

    InfrastructureEndpoints endpoints(String kafka, String mongo) {
        LdapLayout layout = settings.ldap().map(l -> l.layout()).orElse(LdapLayout.DEFAULT);
        return new InfrastructureEndpoints(kafka, KafkaLogins.shared(settings.kafkaCredentials()), mongo, settings.mongoDatabase(),
                settings.ldap().map(l -> l.url()).orElse(""),
                settings.ldap().map(l -> l.bindDn()).orElse(""),
                settings.ldap().map(l -> l.bindPassword()).orElse(""),
                layout,
                settings.mqttUrl().orElse(""),
                settings.dataDir().resolve("artifacts").toAbsolutePath(),
                settings.azureConnectionString(), settings.azureContainer(), Map.of());
    }

    /** Runs a host until the process is told to stop, shipping its log lines to Kafka meanwhile. */
    int runUntilStopped(SubsystemHost host, String kafkaBootstrap) {
        LogShipping.start(kafkaBootstrap, settings.kafkaCredentials());
        try {
            host.start();
        } catch (RuntimeException e) {
            LogShipping.stop();
            System.err.println(host.name() + " could not start: " + e.getMessage());
            return PlinthCli.EXIT_FAILURE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            host.stop();
            LogShipping.stop();
            stopped.countDown();
        }, "plinth-shutdown"));
        System.out.println(host.name() + " is up" + (host.url() == null ? "" : " on " + host.url()) + ". Stop: Ctrl+C");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
