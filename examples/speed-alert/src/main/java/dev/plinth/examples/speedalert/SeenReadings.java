package dev.plinth.examples.speedalert;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What this instance received and sent, so that someone outside (a test, a person) can count
 * readings at the app's end: every reading delivered, in arrival order, and every command sent to
 * the buzzer, each bounded to the most recent ones so memory stays flat however long it runs.
 *
 * <p>A reading delivered twice (the platform delivers at least once) shows twice in the list and
 * counts once in {@link #uniqueReadingIds()}. Uniqueness is judged against the ids still kept: an
 * id repeated after it left the window counts as new.</p>
 *
 * <p>Thread-safe: readings arrive on the subscription's thread, the HTTP server reads from others.</p>
 */
final class SeenReadings {

    /** How many readings (and distinct reading ids) are kept by default. */
    static final int DEFAULT_READINGS_KEPT = 100_000;
    /** How many commands are kept by default. */
    static final int DEFAULT_COMMANDS_KEPT = 10_000;

    /**
     * One delivery of a reading.
     *
     * @param readingId  the platform's id of the reading (null if the platform sent none)
     * @param sensorId   the sensor
     * @param deviceTime when the device measured, or null
     */
    record Seen(String readingId, String sensorId, Instant deviceTime) {
    }

    /** One command to the buzzer; its outcome changes once the broker answered (guarded by the owner's lock). */
    static final class Command {
        private final String sensor;
        private final double speedKmh;
        private final Instant time;
        /** {@code sending}, {@code sent} (the broker took it) or {@code failed: …}. */
        private String outcome = "sending";

        private Command(String sensor, double speedKmh, Instant time) {
            this.sensor = sensor;
            this.speedKmh = speedKmh;
            this.time = time;
        }
    }

    private final int readingsKept;
    private final int commandsKept;
    private final Deque<Seen> readings = new ArrayDeque<>();
    private final Set<String> ids = new LinkedHashSet<>();
    private final Deque<Command> commands = new ArrayDeque<>();
    private long received;
    private long unique;
    private long commandsSent;
    private long commandsFailed;

    SeenReadings() {
        this(DEFAULT_READINGS_KEPT, DEFAULT_COMMANDS_KEPT);
    }

    SeenReadings(int readingsKept, int commandsKept) {
        if (readingsKept < 1 || commandsKept < 1) {
            throw new IllegalArgumentException("keep at least one reading and one command");
        }
        this.readingsKept = readingsKept;
        this.commandsKept = commandsKept;
    }

    /** Notes a delivered reading. */
    synchronized void reading(String readingId, String sensorId, Instant deviceTime) {
        received++;
        readings.addLast(new Seen(readingId, sensorId, deviceTime));
        if (readings.size() > readingsKept) {
            readings.removeFirst();
        }
        if (readingId == null || ids.add(readingId)) {
            unique++;
        }
        if (ids.size() > readingsKept) {
            var oldest = ids.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /**
     * Notes a command as it is sent.
     *
     * @return the command, for {@link #commandDone}
     */
    synchronized Command commandSending(String sensor, double speedKmh, Instant time) {
        Command command = new Command(sensor, speedKmh, time);
        commands.addLast(command);
        if (commands.size() > commandsKept) {
            commands.removeFirst();
        }
        return command;
    }

    /**
     * Notes what became of a command.
     *
     * @param command what {@link #commandSending} returned
     * @param failure why it failed, or null when the broker took it
     */
    synchronized void commandDone(Command command, String failure) {
        command.outcome = failure == null ? "sent" : "failed: " + failure;
        if (failure == null) {
            commandsSent++;
        } else {
            commandsFailed++;
        }
    }

    /** @return readings delivered, duplicates included */
    synchronized long readingsReceived() {
        return received;
    }

    /** @return distinct reading ids delivered */
    synchronized long uniqueReadingIds() {
        return unique;
    }

    /** @return commands the broker took */
    synchronized long commandsSent() {
        return commandsSent;
    }

    /** @return the whole record as a JSON-ready map: counters, the kept readings and commands */
    synchronized Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("readingsReceived", received);
        out.put("uniqueReadingIds", unique);
        out.put("readingsNotListed", received - readings.size());
        List<Map<String, Object>> list = new ArrayList<>(readings.size());
        for (Seen s : readings) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("readingId", s.readingId());
            entry.put("sensorId", s.sensorId());
            entry.put("deviceTime", s.deviceTime() == null ? null : s.deviceTime().toString());
            list.add(entry);
        }
        out.put("readings", list);
        out.put("commandsSent", commandsSent);
        out.put("commandsFailed", commandsFailed);
        List<Map<String, Object>> sent = new ArrayList<>(commands.size());
        for (Command c : commands) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("sensor", c.sensor);
            entry.put("speedKmh", c.speedKmh);
            entry.put("time", c.time.toString());
            entry.put("outcome", c.outcome);
            sent.add(entry);
        }
        out.put("commands", sent);
        return out;
    }
}
