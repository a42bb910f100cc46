package dev.plinth.bootstrapper.demo;

import dev.plinth.bootstrapper.simulator.OfflineQueue;
import dev.plinth.bootstrapper.simulator.SimulatedDevice;
import dev.plinth.bootstrapper.simulator.Simulator;
import dev.plinth.bootstrapper.simulator.SpeedModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The demo {@code plinth up} starts unless told not to: ten simulated cars drive, the speed-alert
 * example app (two instances) watches them, and a simulated buzzer beeps when a car passes 90 km/h.
 *
 * <p>It sets itself up on a thread of its own once the platform is up ({@link DemoSetup}: types,
 * devices, the app and its deployment, each only when missing), then runs, in this JVM, the
 * simulator's cars ({@link Simulator}, with their offline queues) and the buzzer ({@link DemoBuzzer}).
 * Everything it keeps is in its directory ({@value #DIRECTORY} in the data directory): the devices'
 * tokens and the cars' offline queues. A failure is logged and retried a few times; it never stops
 * the platform. {@link #close()} stops the cars and the buzzer; the platform closes it first.</p>
 */
public final class SpeedAlertDemo implements AutoCloseable {

    /** The demo's directory, in the data directory. */
    public static final String DIRECTORY = "demo";
    /** The app the demo deploys. */
    public static final String APP = "speed-alert";
    /** Its version, as packaged in the plinth jar. */
    public static final String VERSION = "1.0.0";
    /** How many instances it deploys. */
    public static final int INSTANCES = 2;
    /** How many cars drive ({@code car-1 … car-10}). */
    public static final int CARS = 10;
    /** The buzzer's device id. */
    public static final String BUZZER = "buzzer-1";

    /** Where the demo is. */
    public enum State {
        /** Registering, uploading and deploying (or waiting to try again). */
        SETTING_UP,
        /** The cars drive and the buzzer listens. */
        RUNNING,
        /** The set-up failed every time; the platform runs on without the demo. */
        FAILED,
        /** Closed. */
        STOPPED
    }

    private static final Logger LOG = LoggerFactory.getLogger(SpeedAlertDemo.class);
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final int QUEUE_LIMIT = 10_000;
    /** Waits before the second, third, … attempt to set up. */
    private static final List<Duration> RETRIES = List.of(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(15),
            Duration.ofSeconds(30));

    private final URI gateway;
    private final URI mqtt;
    private final String adminPassword;
    private final Path dir;
    private final Thread setupThread;
    private volatile State state = State.SETTING_UP;
    private Simulator simulator;
    private DemoBuzzer buzzer;
    private boolean closed;

    private SpeedAlertDemo(URI gateway, URI mqtt, String adminPassword, Path dir) {
        this.gateway = gateway;
        this.mqtt = mqtt;
        this.adminPassword = adminPassword;
        this.dir = dir;
        this.setupThread = new Thread(this::setUpWithRetries, "plinth-demo");
        this.setupThread.setDaemon(true);
    }

    /**
     * Starts setting up the demo in the background and returns at once.
     *
     * @param gateway       the platform's HTTP entry
     * @param mqtt          the MQTT broker devices use
     * @param adminPassword the password of the embedded directory's admin, who owns what the demo registers
     * @param dataDir       the platform's data directory
     * @return the demo; close it before the platform
     */
    public static SpeedAlertDemo start(URI gateway, URI mqtt, String adminPassword, Path dataDir) {
        SpeedAlertDemo demo = new SpeedAlertDemo(gateway, mqtt, adminPassword, dataDir.resolve(DIRECTORY));
        demo.setupThread.start();
        return demo;
    }

    /** @return the path, on the platform's URL, where the demo app answers */
    public static String appPath() {
        return "/apps/" + APP + "/";
    }

    /** @return where the demo is now */
    public State state() {
        return state;
    }

    /** @return the demo's directory */
    public Path directory() {
        return dir;
    }

    /** @return commands the buzzer received since it started */
    public long beeps() {
        DemoBuzzer b;
        synchronized (this) {
            b = buzzer;
        }
        return b == null ? 0 : b.beeps();
    }

    /** @return the cars' totals (sent, queued, dropped, connected), or null before they drive */
    public String totals() {
        Simulator s;
        synchronized (this) {
            s = simulator;
        }
        return s == null ? null : s.totals();
    }

    private void setUpWithRetries() {
        for (int attempt = 0; attempt <= RETRIES.size(); attempt++) {
            if (attempt > 0 && !pause(RETRIES.get(attempt - 1))) {
                return;
            }
            try {
                setUp();
                return;
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (isClosed()) {
                    return;
                }
                if (attempt < RETRIES.size()) {
                    LOG.warn("the demo could not be set up yet ({}); trying again in {} s", e.getMessage(), RETRIES.get(attempt).toSeconds());
                } else {
                    state = State.FAILED;
                    LOG.error("the demo could not be set up ({}); the platform runs on without it (PLINTH_DEMO=false turns it off)",
                            e.getMessage());
                }
            }
        }
    }

    private void setUp() throws Exception {
        PrintStream progress = LogLines.to(LOG::info);
        DemoSetup setup = new DemoSetup(gateway, adminPassword, dir, progress);
        DemoSetup.Devices devices = setup.devices();
        String done = setup.app();
        DemoBuzzer newBuzzer = new DemoBuzzer(BUZZER, devices.buzzer(), mqtt);
        Simulator newSimulator = cars(devices.cars());
        synchronized (this) {
            if (closed) {
                newSimulator.close();
                newBuzzer.close();
                return;
            }
            buzzer = newBuzzer;
            simulator = newSimulator;
            buzzer.start();
            simulator.start();
            state = State.RUNNING;
        }
        LOG.info("demo: {}; {} simulated cars drive, speed-alert watches them at {}, {} beeps above 90 km/h", done, CARS,
                gateway.resolve(appPath()), BUZZER);
    }

    /** The cars, with their offline queues in the demo's directory; not connected yet. */
    private Simulator cars(Map<String, String> tokens) throws IOException {
        // Refused devices are worth a warning; the totals every 10 s only when asked for.
        PrintStream problems = LogLines.to(LOG::warn);
        List<SimulatedDevice> cars = new ArrayList<>();
        Random seeds = new Random();
        try {
            for (Map.Entry<String, String> car : tokens.entrySet()) {
                OfflineQueue queue = OfflineQueue.open(dir.resolve("queue"), car.getKey(), QUEUE_LIMIT);
                cars.add(new SimulatedDevice(car.getKey(), car.getValue(), mqtt, new SpeedModel(new Random(seeds.nextLong())), queue,
                        Clock.systemUTC(), problems));
            }
        } catch (IOException | RuntimeException e) {
            cars.forEach(SimulatedDevice::close);
            throw e;
        }
        return new Simulator(cars, INTERVAL, LogLines.to(LOG::debug), Clock.systemDefaultZone());
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /** @return false when the demo was closed meanwhile */
    private boolean pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
            return !isClosed();
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Stops setting up, then the cars (their queues stay on disk) and the buzzer. */
    @Override
    public void close() {
        Simulator s;
        DemoBuzzer b;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            s = simulator;
            b = buzzer;
        }
        setupThread.interrupt();
        try {
            setupThread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (s != null) {
            s.close();
            LOG.info("demo cars stopped: {}", s.totals());
        }
        if (b != null) {
            b.close();
        }
        state = State.STOPPED;
    }
}
