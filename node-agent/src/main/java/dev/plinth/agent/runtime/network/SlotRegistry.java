package dev.plinth.agent.runtime.network;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * Which slot of the range each instance on this host holds, shared by every agent and every JVM on
 * the host: one record file per claimed slot under the state directory, written and read only while
 * holding an exclusive lock on {@code lock} there (a {@link FileLock} between JVMs, and a
 * {@link ReentrantLock} between threads of one JVM, since file locks are held per JVM).
 *
 * <p>A record names its owner: the agent's process id and that process's start time, so a record
 * left by an agent that died (or whose pid was reused) is recognised and its slot reclaimed.</p>
 *
 * <p>Slots are handed out next-fit: the first free one after the slot claimed last on this host
 * (recorded in {@code last}), wrapping around, never simply the lowest free one. A slot's inner
 * address is where the gateway sends an instance's requests, and the gateway may still list an
 * instance that just ended (its status event is on its way); handed straight to the next instance on
 * the host, of any app, the address would take that app's requests, and the next instance on the same
 * node often gets the same port too. Next-fit reuses an address only after every other slot of the
 * range was handed out.</p>
 */
final class SlotRegistry {

    private static final ReentrantLock IN_THIS_JVM = new ReentrantLock();
    /** The file that names the slot claimed last. */
    private static final String LAST = "last";

    /** The process that owns a record. */
    record Owner(long pid, String startTime) {

        static Owner current() {
            long pid = ProcessHandle.current().pid();
            return new Owner(pid, startTime(pid).orElse("?"));
        }

        /** @return whether that very process still runs */
        boolean alive() {
            return startTime(pid).map(startTime::equals).orElse(false);
        }

        /** The 22nd field of /proc/PID/stat: the start time in clock ticks since boot. */
        static Optional<String> startTime(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Optional.of(fields[19]);
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }
    }

    /** A claimed slot. */
    record Claim(int slot, Owner owner, String instanceId) {
    }

    /** Work done while holding the lock. */
    @FunctionalInterface
    interface Locked<T> {
        T run() throws IOException;
    }

    private final Path dir;
    private final int capacity;

    SlotRegistry(Path dir, int capacity) {
        this.dir = dir;
        this.capacity = capacity;
    }

    /**
     * Claims the first free slot after the one claimed last on this host. Call while holding the lock.
     *
     * @return the slot
     * @throws IOException when every slot is taken, or the record cannot be written
     */
    int claim(Owner owner, String instanceId) throws IOException {
        Set<Integer> taken = new TreeSet<>();
        for (Claim claim : claims()) {
            taken.add(claim.slot());
        }
        int slot = nextFree(taken, capacity, lastClaimed());
        if (slot < 0) {
            throw new IOException("all " + capacity + " network slots of the range are taken; give"
                    + " plinth.agent.network.range a larger range");
        }
        // The note first: should the record then fail, the note names a slot nobody holds, which is harmless.
        Files.writeString(dir.resolve(LAST), slot + "\n", StandardCharsets.UTF_8);
        Files.writeString(record(slot), owner.pid() + " " + owner.startTime() + " " + instanceId + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return slot;
    }

    /**
     * Claims one given slot again: free, or held for the same instance by this very process (an agent
     * in this JVM that was replaced without stopping its instances). Call while holding the lock.
     *
     * @return the slot
     * @throws IOException when another instance or another live process holds it
     */
    int claimAgain(Owner owner, String instanceId, int slot) throws IOException {
        if (slot < 0 || slot >= capacity) {
            throw new IOException("network slot " + slot + " is outside the range");
        }
        for (Claim claim : claims()) {
            if (claim.slot() == slot) {
                if (!claim.owner().equals(owner) || !claim.instanceId().equals(instanceId)) {
                    throw new IOException("network slot " + slot + " is held for instance " + claim.instanceId()
                            + " by agent process " + claim.owner().pid());
                }
                release(slot);
            }
        }
        Files.writeString(record(slot), owner.pid() + " " + owner.startTime() + " " + instanceId + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return slot;
    }

    /**
     * @param taken    the slots held now
     * @param capacity how many slots the range has
     * @param last     the slot claimed last, or -1 when none was
     * @return the first slot after {@code last} that is not taken, wrapping around below capacity, or -1
     */
    static int nextFree(Set<Integer> taken, int capacity, int last) {
        int from = last >= 0 && last < capacity ? last + 1 : 0;
        for (int i = 0; i < capacity; i++) {
            int slot = (from + i) % capacity;
            if (!taken.contains(slot)) {
                return slot;
            }
        }
        return -1;
    }

    /** @return the slot claimed last on this host, or -1 when none was (or the note is unreadable) */
    private int lastClaimed() {
        try {
            return Integer.parseInt(Files.readString(dir.resolve(LAST), StandardCharsets.UTF_8).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Frees a slot. Call while holding the lock. */
    void release(int slot) throws IOException {
        Files.deleteIfExists(record(slot));
    }

    /** @return every claimed slot, in slot order. Call while holding the lock. */
    List<Claim> claims() throws IOException {
        List<Claim> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                String name = file.getFileName().toString();
                if (!name.matches("slot-\\d{1,9}")) {
                    continue;
                }
                int slot = Integer.parseInt(name.substring("slot-".length()));
                String[] fields = Files.readString(file, StandardCharsets.UTF_8).trim().split(" ");
                Owner owner = fields.length >= 2 && fields[0].matches("\\d+") ? new Owner(Long.parseLong(fields[0]), fields[1])
                        : new Owner(-1, "?");
                found.add(new Claim(slot, owner, fields.length >= 3 ? fields[2] : ""));
            }
        }
        return found;
    }

    /** Runs work while holding the host-wide lock. */
    <T> T locked(Locked<T> work) throws IOException {
        IN_THIS_JVM.lock();
        try {
            Files.createDirectories(dir);
            Path lockFile = dir.resolve("lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return work.run();
            }
        } finally {
            IN_THIS_JVM.unlock();
        }
    }

    /** Makes the state directory, readable by root only. */
    void prepare() throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    private Path record(int slot) {
        return dir.resolve("slot-" + slot);
    }
}
