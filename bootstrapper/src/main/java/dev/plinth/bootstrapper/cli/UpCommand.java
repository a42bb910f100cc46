package dev.plinth.bootstrapper.cli;

import dev.plinth.bootstrapper.Platform;
import dev.plinth.bootstrapper.PlatformSettings;
import dev.plinth.bootstrapper.demo.SpeedAlertDemo;
import dev.plinth.bootstrapper.infra.Infrastructure;
import dev.plinth.contracts.validation.InvalidDocumentException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code plinth up}: the whole platform in this JVM. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Starts the whole platform in this JVM: embedded infrastructure (unless configured",
                "externally by environment variables), every subsystem, and one agent per local node.",
                "Stops cleanly on Ctrl+C or SIGTERM."})
final class UpCommand implements Callable<Integer> {

    @Option(names = "--inventory", paramLabel = "FILE", description = "the node inventory (default: ./plinth-nodes.yaml, else a built-in one with 3 local nodes)")
    Path inventory;

    @Option(names = "--data", paramLabel = "DIR", description = "where everything is kept (default: ./plinth-data, or PLINTH_DATA)")
    Path data;

    @Option(names = "--port", paramLabel = "N", description = "the HTTP port of the platform (default: 8080, or PLINTH_PORT)")
    Integer port;

    @Option(names = "--mqtt-port", paramLabel = "N", description = "the embedded MQTT broker's port (default: 1883, or PLINTH_MQTT_PORT)")
    Integer mqttPort;

    @Option(names = "--bind", paramLabel = "HOST", description = "the address the platform and the MQTT broker listen on (default: 0.0.0.0, or PLINTH_BIND)")
    String bind;

    @Option(names = "--no-demo", description = "do not start the speed-alert demo (simulated cars, the app, a buzzer; default: on, or PLINTH_DEMO)")
    boolean noDemo;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        PlatformSettings settings;
        try {
            settings = PlatformSettings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("plinth up: " + e.getMessage());
            return PlinthCli.EXIT_BAD_INPUT;
        }
        if (data != null) {
            settings = settings.withDataDir(data);
        }
        if (inventory != null) {
            settings = settings.withInventory(inventory);
        }
        if (port != null) {
            settings = settings.withGatewayPort(port);
        }
        if (mqttPort != null) {
            settings = settings.withMqttPort(mqttPort);
        }
        if (bind != null) {
            settings = settings.withBindHost(bind);
        }
        if (noDemo) {
            settings = settings.withDemo(false);
        }
        Logging.toConsoleAndFile(settings.dataDir());
        Platform platform;
        try {
            platform = Platform.start(settings);
        } catch (InvalidDocumentException e) {
            System.err.println("plinth up: " + e.getMessage());
            return PlinthCli.EXIT_BAD_INPUT;
        } catch (java.io.UncheckedIOException e) {
            System.err.println("plinth up: " + e.getMessage());
            return PlinthCli.EXIT_BAD_INPUT;
        } catch (Exception e) {
            System.err.println("plinth up: could not start: " + e.getMessage());
            return PlinthCli.EXIT_FAILURE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Plinth is stopping...");
            platform.close();
            out.println("Plinth stopped.");
            stopped.countDown();
        }, "plinth-shutdown"));
        printBanner(out, platform);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void printBanner(PrintStream out, Platform platform) {
        PlatformSettings s = platform.settings();
        String host = "0.0.0.0".equals(s.bindHost()) ? "localhost" : s.bindHost();
        out.println();
        out.println("Plinth is up (started in " + platform.startTime().toMillis() + " ms).");
        out.println("  URL:             http://" + host + ":" + s.gatewayPort() + "/");
        if (s.ldap().isEmpty()) {
            out.println("  admin user:      " + Infrastructure.ADMIN_USER);
            out.println("  admin password:  " + platform.secrets().adminPassword() + "   (generated at first start; kept in "
                    + s.dataDir().resolve("secrets.properties") + ")");
        }
        out.println("  MQTT for devices: " + (s.mqttUrl().orElse("tcp://" + host + ":" + s.mqttPort())));
        out.println("  data:            " + s.dataDir());
        out.println("  nodes:           " + platform.inventory().localNodes().size() + " local, "
                + (platform.inventory().nodes().size() - platform.inventory().localNodes().size()) + " remote");
        // Uploaded code runs isolated or not at all: say loudly when a local node will run nothing.
        for (var agent : platform.supervisor().hosts()) {
            if (agent.name().startsWith("agent-") && agent.running()) {
                java.util.List<String> problems = agent.context().getBean(dev.plinth.contracts.runtime.Runtime.class).isolationProblems();
                if (!problems.isEmpty()) {
                    out.println("  NOT READY:       " + agent.name().substring("agent-".length()) + " cannot isolate instances and runs"
                            + " none: " + String.join("; ", problems));
                }
            }
        }
        if (platform.demo() != null) {
            String url = "http://" + host + ":" + s.gatewayPort();
            out.println("  demo:            " + url + SpeedAlertDemo.appPath() + " (speed-alert on " + SpeedAlertDemo.CARS
                    + " simulated cars, ready in a minute); watch it in the UI at " + url + "/ (--no-demo turns it off)");
        }
        out.println("Status: ./plinth status      Stop: Ctrl+C");
        out.println();
    }
}
