package dev.plinth.bootstrapper.cli;

import dev.plinth.bootstrapper.supervisor.SubsystemConfig;
import dev.plinth.bootstrapper.supervisor.SubsystemHost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code plinth service NAME}: one subsystem in this process, against external infrastructure. */
@Command(name = "service", mixinStandardHelpOptions = true,
        description = {"Runs one subsystem in this process against external infrastructure (the distributed setup).",
                "Needs KAFKA_BOOTSTRAP_SERVERS, MONGODB_URI and PLINTH_JWT_SECRET (the same in every process);",
                "PLINTH_KAFKA_USERNAME and PLINTH_KAFKA_PASSWORD when Kafka wants SASL (the subsystem's own user, as plinth-deployer);",
                "api-gateway also LDAP_URL, LDAP_BIND_DN, LDAP_BIND_PASSWORD and PLINTH_ROUTE_<SUBSYSTEM> for each subsystem;",
                "sensor-manager MQTT_URL; node-manager an inventory (PLINTH_INVENTORY)."})
final class ServiceCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "one of: ${COMPLETION-CANDIDATES}", completionCandidates = Names.class)
    String name;

    @Option(names = "--port", paramLabel = "N", description = "its HTTP port (default: PLINTH_PORT, else 8080)")
    Integer port;

    @Option(names = "--bind", paramLabel = "HOST", description = "the address it listens on (default: PLINTH_BIND, else 0.0.0.0)")
    String bind;

    @Option(names = "--data", paramLabel = "DIR", description = "its data directory, for logs and a local secret (default: ./plinth-data)")
    Path data;

    static final class Names extends java.util.ArrayList<String> {
        Names() {
            super(SubsystemConfig.SUBSYSTEMS);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (!SubsystemConfig.SUBSYSTEMS.contains(name)) {
            System.err.println("plinth service: unknown subsystem '" + name + "'; choose one of " + SubsystemConfig.SUBSYSTEMS);
            return PlinthCli.EXIT_BAD_INPUT;
        }
        DistributedSetup setup;
        try {
            setup = new DistributedSetup(System.getenv(), data);
        } catch (IllegalArgumentException e) {
            System.err.println("plinth service: " + e.getMessage());
            return PlinthCli.EXIT_BAD_INPUT;
        }
        String kafka = setup.require("KAFKA_BOOTSTRAP_SERVERS");
        String mongo = setup.require("MONGODB_URI");
        if (name.equals(SubsystemConfig.GATEWAY)) {
            setup.require("LDAP_URL");
        }
        if (name.equals("sensor-manager")) {
            setup.require("MQTT_URL");
        }
        if (name.equals("node-manager") && setup.settings().inventoryFile() == null) {
            setup.require("PLINTH_INVENTORY");
        }
        if (!setup.missing().isEmpty()) {
            System.err.println("plinth service " + name + ": set " + String.join(", ", setup.missing())
                    + " (a distributed subsystem uses external infrastructure only)");
            return PlinthCli.EXIT_BAD_INPUT;
        }
        Logging.toConsoleAndFile(setup.settings().dataDir());
        int httpPort = port != null ? port : setup.settings().gatewayPort();
        String host = bind != null ? bind : setup.settings().bindHost();
        Map<String, URI> routes = setup.routes(SubsystemConfig.SUBSYSTEMS);
        Path inventory = setup.settings().inventoryFile() == null ? Path.of("plinth-nodes.yaml") : setup.settings().inventoryFile();
        SubsystemConfig config = new SubsystemConfig(setup.endpoints(kafka, mongo), setup.jwtSecret(), setup.settings().dataDir(), inventory);
        Map<String, Object> properties = config.subsystem(name, host, httpPort, routes, setup.gatewayUrl());
        properties.put("plinth.subsystem.url", "http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":" + httpPort);
        return setup.runUntilStopped(new SubsystemHost(name, SubsystemConfig.environments(name), properties, true, httpPort), kafka);
    }
}
