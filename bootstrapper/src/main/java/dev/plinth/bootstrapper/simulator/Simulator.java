package dev.plinth.bootstrapper.simulator;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs simulated devices: each ticks every interval (their starts spread over the first interval),
 * and a line of totals is printed every {@link #REPORT_EVERY}: readings sent, waiting in the offline
 * queues, dropped from full queues, and devices connected.
 */
public final class Simulator implements AutoCloseable {

    /** How often the totals are printed. */
    public static final Duration REPORT_EVERY = Duration.ofSeconds(10);

    /** The time on each line, with its seconds always shown (LocalTime.toString drops ":00"). */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final List<SimulatedDevice> devices;
    private final Duration interval;
    private final PrintStream out;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private boolean started;
    private boolean closed;

    /**
     * @param devices  the devices, not connected yet
     * @param interval how often each publishes
     * @param out      where the totals go
     * @param clock    the time of day shown in the totals
     */
    public Simulator(List<SimulatedDevice> devices, Duration interval, PrintStream out, Clock clock) {
        this.devices = List.copyOf(devices);
        this.interval = interval;
        this.out = out;
        this.clock = clock;
        int threads = Math.max(2, Math.min(devices.size(), 2 * Runtime.getRuntime().availableProcessors()));
        this.scheduler = Executors.newScheduledThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "plinth-simulator");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Connects the devices and starts the ticks and the totals. */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        long periodNanos = interval.toNanos();
        for (int i = 0; i < devices.size(); i++) {
            SimulatedDevice device = devices.get(i);
            device.connect();
            long offset = periodNanos * i / devices.size();
            scheduler.scheduleAtFixedRate(() -> tick(device), offset, periodNanos, TimeUnit.NANOSECONDS);
        }
        scheduler.scheduleAtFixedRate(() -> out.println(totals()), REPORT_EVERY.toNanos(), REPORT_EVERY.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    private void tick(SimulatedDevice device) {
        try {
            device.tick(interval);
        } catch (RuntimeException e) {
            // A failing disk for one device must not stop the schedule of the others (or its own next tick).
            out.println(device.id() + ": " + e.getMessage());
        }
    }

    /** @return one line: the time, and readings sent, queued and dropped, and devices connected */
    public String totals() {
        long sent = 0;
        long queued = 0;
        long dropped = 0;
        long refused = 0;
        int connected = 0;
        for (SimulatedDevice d : devices) {
            sent += d.sent();
            queued += d.queued();
            dropped += d.dropped();
            refused += d.refused();
            connected += d.connected() ? 1 : 0;
        }
        return TIME.format(LocalTime.now(clock)) + "  sent " + sent + ", queued " + queued
                + ", dropped " + dropped + (refused > 0 ? ", refused by the broker " + refused : "")
                + "  (" + connected + "/" + devices.size() + " connected)";
    }

    /**
     * Stops the ticks, waits for running ones, disconnects every device and closes the queues
     * (what waits stays on disk for the next run), and prints the totals a last time.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(SimulatedDevice.ACK_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
        out.println(totals());
        devices.parallelStream().forEach(SimulatedDevice::close);
    }
}
