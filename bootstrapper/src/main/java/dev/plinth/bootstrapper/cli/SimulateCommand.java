package dev.plinth.bootstrapper.cli;

import dev.plinth.bootstrapper.Platform;
import dev.plinth.bootstrapper.infra.Infrastructure;
import dev.plinth.bootstrapper.secrets.PlatformSecrets;
import dev.plinth.bootstrapper.simulator.DeviceRegistration;
import dev.plinth.bootstrapper.simulator.DeviceType;
import dev.plinth.bootstrapper.simulator.OfflineQueue;
import dev.plinth.bootstrapper.simulator.SimulatedDevice;
import dev.plinth.bootstrapper.simulator.Simulator;
import dev.plinth.bootstrapper.simulator.SimulatorException;
import dev.plinth.bootstrapper.simulator.SpeedModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code plinth simulate}: simulated devices publishing readings to a platform. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Simulates devices: registers the type and the devices when needed, then publishes a reading",
                "per device every interval over MQTT (QoS 1). While the broker is away readings wait in an",
                "on-disk queue per device and are sent in order when it is back. Ctrl+C stops cleanly.",
                "Prints sent, queued and dropped readings every 10 s."})
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "vehicle-speed",
            description = "the device type to simulate: vehicle-speed (cars car-1..car-N; default)")
    String type;

    @Option(names = "--count", paramLabel = "N", defaultValue = "10", description = "how many devices (default: 10)")
    int count;

    @Option(names = "--url", paramLabel = "URL",
            description = "the platform (default: the one running on the data directory, else http://127.0.0.1:8080)")
    URI url;

    @Option(names = "--mqtt", paramLabel = "URL", defaultValue = "tcp://127.0.0.1:1883",
            description = "the MQTT broker devices publish to (default: tcp://127.0.0.1:1883)")
    URI mqtt;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "a developer's or admin's token, to register what is missing (default: PLINTH_TOKEN)")
    String token;

    @Option(names = "--user", paramLabel = "U", description = "sign in as this user instead of giving a token")
    String user;

    @Option(names = "--password", paramLabel = "P", description = "the password of --user")
    String password;

    @Option(names = "--data", paramLabel = "DIR",
            description = "the data directory of a platform on this machine: its URL, and its admin when no token or user"
                    + " is given (default: ./plinth-data, or PLINTH_DATA)")
    Path data;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "time between two readings of a device: 500ms, 1s, 2m (default: 1s)")
    Duration interval;

    @Option(names = "--queue-dir", paramLabel = "DIR", defaultValue = "plinth-simulator",
            description = "the device tokens (devices.properties) and the offline queues (default: ./plinth-simulator)")
    Path queueDir;

    @Option(names = "--queue-limit", paramLabel = "N", defaultValue = "10000",
            description = "the most readings a device keeps while the broker is away; the oldest are dropped (default: 10000)")
    int queueLimit;

    @Option(names = "--labels", paramLabel = "K=V", split = ",",
            description = "labels of newly registered devices, as route=A1,zone=north")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--seed", paramLabel = "N", description = "seed the speeds, for a run that can be repeated")
    Long seed;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        DeviceType deviceType = DeviceType.named(type);
        String problem = deviceType == null ? "--type " + type + " cannot be simulated; try vehicle-speed"
                : count < 1 || count > 10_000 ? "--count must be between 1 and 10000"
                : interval.compareTo(Duration.ofMillis(10)) < 0 ? "--interval must be at least 10ms"
                : queueLimit < 1 ? "--queue-limit must be at least 1"
                : mqtt.getHost() == null || !List.of("tcp", "mqtt").contains(mqtt.getScheme()) ? "--mqtt must be tcp://host:port"
                : (user == null) != (password == null) ? "--user and --password go together"
                : null;
        if (problem != null) {
            System.err.println("plinth simulate: " + problem);
            return PlinthCli.EXIT_BAD_INPUT;
        }
        Path dataDir = data != null ? data : Path.of(System.getenv().getOrDefault("PLINTH_DATA", "plinth-data"));
        URI platform = url != null ? url : runningUrl(dataDir);
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            ids.add(deviceType.deviceId(i));
        }
        Map<String, String> tokens;
        try {
            DeviceRegistration registration = new DeviceRegistration(platform, () -> platformToken(platform, dataDir, ids), out);
            int period = (int) Math.max(1, (interval.toMillis() + 999) / 1000);
            tokens = registration.ensure(deviceType, ids, labels, period, queueDir);
        } catch (SimulatorException e) {
            System.err.println("plinth simulate: " + e.getMessage());
            return PlinthCli.EXIT_FAILURE;
        }

        List<SimulatedDevice> devices = new ArrayList<>();
        Random seeds = seed == null ? new Random() : new Random(seed);
        try {
            for (String id : ids) {
                OfflineQueue queue = OfflineQueue.open(queueDir.resolve("queue"), id, queueLimit);
                devices.add(new SimulatedDevice(id, tokens.get(id), mqtt, new SpeedModel(new Random(seeds.nextLong())), queue,
                        Clock.systemUTC(), out));
            }
        } catch (IOException e) {
            devices.forEach(SimulatedDevice::close);
            System.err.println("plinth simulate: cannot open the offline queues in " + queueDir.resolve("queue") + ": " + e.getMessage());
            return PlinthCli.EXIT_FAILURE;
        }
        int waiting = devices.stream().mapToInt(SimulatedDevice::queued).sum();
        Simulator simulator = new Simulator(devices, interval, out, Clock.systemDefaultZone());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("stopping the simulator...");
            simulator.close();
            stopped.countDown();
        }, "plinth-simulate-shutdown"));
        out.println("simulating " + count + " " + deviceType.name() + " devices (" + ids.get(0)
                + (count > 1 ? " … " + ids.get(count - 1) : "") + ") → " + mqtt + ", one reading each every " + format(interval));
        out.println("offline queues in " + queueDir.resolve("queue").toAbsolutePath() + " (at most " + queueLimit + " per device"
                + (waiting > 0 ? "; " + waiting + " left from the last run, sent first" : "") + "). Ctrl+C stops.");
        simulator.start();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The token to register devices with: --token, --user, PLINTH_TOKEN, or the admin of a platform on this machine. */
    private String platformToken(URI platform, Path dataDir, List<String> ids) throws SimulatorException {
        if (token != null && !token.isBlank()) {
            return token.trim();
        }
        if (user != null) {
            return DeviceRegistration.login(platform, user, password);
        }
        String given = System.getenv("PLINTH_TOKEN");
        if (given != null && !given.isBlank()) {
            return given.trim();
        }
        Path secrets = dataDir.resolve(PlatformSecrets.FILE_NAME);
        if (Files.isReadable(secrets)) {
            Properties props = new Properties();
            try (Reader in = Files.newBufferedReader(secrets, StandardCharsets.UTF_8)) {
                props.load(in);
            } catch (IOException e) {
                throw new SimulatorException("cannot read " + secrets + ": " + e.getMessage(), e);
            }
            String adminPassword = props.getProperty("admin.password");
            if (adminPassword != null) {
                return DeviceRegistration.login(platform, Infrastructure.ADMIN_USER, adminPassword);
            }
        }
        throw new SimulatorException("the devices are not registered yet (no tokens for them in "
                + queueDir.resolve(DeviceRegistration.CREDENTIALS_FILE) + "): give a developer's or admin's --token,"
                + " or --user and --password, to register " + ids.size() + " device(s)");
    }

    private static URI runningUrl(Path dataDir) {
        Path run = dataDir.resolve(Platform.RUN_FILE);
        if (Files.exists(run)) {
            Properties props = new Properties();
            try (Reader in = Files.newBufferedReader(run, StandardCharsets.UTF_8)) {
                props.load(in);
                return URI.create(props.getProperty("url", "http://127.0.0.1:8080"));
            } catch (IOException | IllegalArgumentException e) {
                // Fall back to the default below.
            }
        }
        return URI.create("http://127.0.0.1:8080");
    }

    private static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /** Reads 500ms, 1s, 1.5s, 2m, 1h, or ISO-8601 (PT1S). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern SHORT = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            Matcher m = SHORT.matcher(value.trim());
            if (m.matches()) {
                double amount = Double.parseDouble(m.group(1));
                double millis = switch (m.group(2)) {
                    case "ms" -> amount;
                    case "s" -> amount * 1000;
                    case "m" -> amount * 60_000;
                    default -> amount * 3_600_000;
                };
                return Duration.ofMillis(Math.round(millis));
            }
            try {
                return Duration.parse(value.trim());
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration such as 500ms, 1s or 2m");
            }
        }
    }
}
