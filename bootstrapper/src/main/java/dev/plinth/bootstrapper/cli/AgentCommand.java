package dev.plinth.bootstrapper.cli;

import dev.plinth.bootstrapper.supervisor.SubsystemConfig;
import dev.plinth.bootstrapper.supervisor.SubsystemHost;
import dev.plinth.contracts.inventory.InventoryLoader;
import dev.plinth.contracts.inventory.NodeSpec;
import dev.plinth.contracts.validation.InvalidDocumentException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code plinth agent --node NAME}: one node agent in this process. */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = {"Runs the agent of one inventory node in this process.",
                "Needs KAFKA_BOOTSTRAP_SERVERS, PLINTH_JWT_SECRET (as the platform's) and PLINTH_GATEWAY_URL (to fetch packages);",
                "PLINTH_KAFKA_USERNAME and PLINTH_KAFKA_PASSWORD when Kafka wants SASL (the plinth-agent user);",
                "MQTT_URL is the broker its instances are given (default tcp://127.0.0.1:1883)."})
final class AgentCommand implements Callable<Integer> {

    @Option(names = "--node", required = true, paramLabel = "NAME", description = "the node, as named in the inventory")
    String node;

    @Option(names = "--inventory", paramLabel = "FILE", description = "the node inventory (default: PLINTH_INVENTORY, else ./plinth-nodes.yaml)")
    Path inventory;

    @Option(names = "--data", paramLabel = "DIR", description = "where its instances run (default: ./plinth-data)")
    Path data;

    @Override
    public Integer call() throws Exception {
        DistributedSetup setup;
        try {
            setup = new DistributedSetup(System.getenv(), data);
        } catch (IllegalArgumentException e) {
            System.err.println("plinth agent: " + e.getMessage());
            return PlinthCli.EXIT_BAD_INPUT;
        }
        Path file = inventory != null ? inventory
                : setup.settings().inventoryFile() != null ? setup.settings().inventoryFile() : Path.of("plinth-nodes.yaml");
        Optional<NodeSpec> spec;
        try {
            spec = new InventoryLoader().load(file).node(node);
        } catch (InvalidDocumentException | java.io.UncheckedIOException e) {
            System.err.println("plinth agent: " + e.getMessage());
            return PlinthCli.EXIT_BAD_INPUT;
        }
        if (spec.isEmpty()) {
            System.err.println("plinth agent: node '" + node + "' is not in the inventory " + file);
            return PlinthCli.EXIT_BAD_INPUT;
        }
        String kafka = setup.require("KAFKA_BOOTSTRAP_SERVERS");
        if (!setup.missing().isEmpty()) {
            System.err.println("plinth agent: set " + String.join(", ", setup.missing()));
            return PlinthCli.EXIT_BAD_INPUT;
        }
        Logging.toConsoleAndFile(setup.settings().dataDir());
        SubsystemConfig config = new SubsystemConfig(setup.endpoints(kafka, ""), setup.jwtSecret(), setup.settings().dataDir(), file);
        return setup.runUntilStopped(new SubsystemHost("agent-" + node, SubsystemConfig.agentEnvironments(),
                config.agent(spec.get(), setup.gatewayUrl()), false, 0), kafka);
    }
}
