package dev.plinth.bootstrapper.simulator;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A device's readings waiting for the broker, on disk, oldest first, bounded: when it is full the
 * oldest reading is dropped (and counted) to make room.
 *
 * <p>Format, in the queue directory: {@code {device}.queue} holds one MQTT payload per line (JSON
 * Lines, UTF-8), appended at the end; {@code {device}.head} holds the byte offset of the first
 * line not sent yet, as decimal text (no file means 0). Sending a line moves the head; when the
 * queue is empty both files are emptied, and a head past half of a large file is compacted away.
 * The head is written every {@value #HEAD_SYNC_EVERY} removals and on {@link #close()}: after a
 * crash a few readings may be sent twice, none is lost. A last line without its newline (a crash
 * while appending) is discarded on open.</p>
 *
 * <p>Thread-safe.</p>
 */
public final class OfflineQueue implements AutoCloseable {

    static final int HEAD_SYNC_EVERY = 50;
    private static final long COMPACT_AFTER_BYTES = 1 << 20;

    private final Path file;
    private final Path headFile;
    private final int limit;
    private final RandomAccessFile data;
    /** Byte offset of each waiting line, oldest first; the last one ends at the file's end. */
    private final Deque<Long> offsets = new ArrayDeque<>();
    private long dropped;
    private int unsyncedRemovals;

    private OfflineQueue(Path file, Path headFile, int limit) throws IOException {
        this.file = file;
        this.headFile = headFile;
        this.limit = limit;
        this.data = new RandomAccessFile(file.toFile(), "rw");
        load();
    }

    /**
     * Opens (or creates) a device's queue.
     *
     * @param dir      the queue directory
     * @param deviceId the device, which names the files
     * @param limit    the most readings it holds (at least 1)
     * @return the queue, holding what was left from a previous run
     * @throws IOException when the files cannot be read or created
     */
    public static OfflineQueue open(Path dir, String deviceId, int limit) throws IOException {
        if (limit < 1) {
            throw new IllegalArgumentException("the queue limit must be at least 1, not " + limit);
        }
        Files.createDirectories(dir);
        return new OfflineQueue(dir.resolve(deviceId + ".queue"), dir.resolve(deviceId + ".head"), limit);
    }

    private void load() throws IOException {
        long head = 0;
        if (Files.exists(headFile)) {
            String text = Files.readString(headFile, StandardCharsets.UTF_8).trim();
            head = text.isEmpty() ? 0 : Long.parseLong(text);
        }
        long length = data.length();
        if (head > length) {
            head = length;
        }
        byte[] bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 8, length - head)];
        data.seek(head);
        data.readFully(bytes);
        long start = head;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                offsets.addLast(start);
                start = head + i + 1;
            }
        }
        if (start < length) {
            data.setLength(start); // a torn last line
        }
        while (offsets.size() > limit) {
            offsets.removeFirst();
            dropped++;
        }
        if (offsets.isEmpty()) {
            data.setLength(0);
            writeHead(0);
        }
    }

    /**
     * Appends a reading, dropping the oldest when the queue is full.
     *
     * @param payload one MQTT payload, without line breaks
     * @return whether a reading was dropped to make room
     */
    public synchronized boolean add(String payload) {
        if (payload.indexOf('\n') >= 0 || payload.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a queued payload is one line");
        }
        boolean drop = offsets.size() >= limit;
        if (drop) {
            removeFirst();
            dropped++;
        }
        try {
            long end = data.length();
            data.seek(end);
            data.write((payload + "\n").getBytes(StandardCharsets.UTF_8));
            offsets.addLast(end);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the offline queue " + file + ": " + e.getMessage(), e);
        }
        return drop;
    }

    /** @return the oldest waiting reading, or null when none waits */
    public synchronized String peek() {
        Long start = offsets.peekFirst();
        if (start == null) {
            return null;
        }
        try {
            long end = offsets.size() > 1 ? second() : data.length();
            byte[] line = new byte[(int) (end - start - 1)];
            data.seek(start);
            data.readFully(line);
            return new String(line, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the offline queue " + file + ": " + e.getMessage(), e);
        }
    }

    /** Removes the oldest waiting reading (once it was sent). */
    public synchronized void remove() {
        if (!offsets.isEmpty()) {
            removeFirst();
        }
    }

    /** @return how many readings wait */
    public synchronized int size() {
        return offsets.size();
    }

    /** @return whether none waits */
    public synchronized boolean isEmpty() {
        return offsets.isEmpty();
    }

    /** @return how many readings were dropped because the queue was full, since it was opened */
    public synchronized long dropped() {
        return dropped;
    }

    /** Saves the head and closes the file. */
    @Override
    public synchronized void close() {
        try {
            writeHead(offsets.isEmpty() ? data.length() : offsets.peekFirst());
            data.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the offline queue " + file + ": " + e.getMessage(), e);
        }
    }

    private long second() {
        var it = offsets.iterator();
        it.next();
        return it.next();
    }

    private void removeFirst() {
        offsets.removeFirst();
        try {
            if (offsets.isEmpty()) {
                data.setLength(0);
                writeHead(0);
                unsyncedRemovals = 0;
                return;
            }
            long head = offsets.peekFirst();
            if (head > COMPACT_AFTER_BYTES && head > data.length() / 2) {
                compact(head);
            } else if (++unsyncedRemovals >= HEAD_SYNC_EVERY) {
                writeHead(head);
                unsyncedRemovals = 0;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the offline queue " + file + ": " + e.getMessage(), e);
        }
    }

    /** Moves the waiting lines to the start of the file. */
    private void compact(long head) throws IOException {
        long length = data.length();
        byte[] rest = new byte[(int) (length - head)];
        data.seek(head);
        data.readFully(rest);
        data.seek(0);
        data.write(rest);
        data.setLength(rest.length);
        int size = offsets.size();
        for (int i = 0; i < size; i++) {
            offsets.addLast(offsets.removeFirst() - head);
        }
        writeHead(0);
        unsyncedRemovals = 0;
    }

    private void writeHead(long head) throws IOException {
        Path tmp = headFile.resolveSibling(headFile.getFileName() + ".tmp");
        Files.writeString(tmp, Long.toString(head), StandardCharsets.UTF_8);
        Files.move(tmp, headFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
