package dev.plinth.appcontroller.upload;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/** Builds zips for tests, including ones no honest tool would write. */
final class TestZip {

    static final String VALID_DESCRIPTOR = """
            name: speed-alert
            version: 1.0.0
            run:
              command: ["java", "-jar", "speed-alert.jar"]
            sensors:
              - { name: speed, type: vehicle-speed, count: 2 }
            controllers:
              - { name: buzzer, type: buzzer }
            """;

    static final byte[] JAR = "not really a jar, but bytes".getBytes(StandardCharsets.UTF_8);

    /** Whatever the content, what matters is how an entry is written. */
    interface Content {
        void writeTo(ZipArchiveOutputStream out) throws IOException;
    }

    private record Item(ZipArchiveEntry entry, Content content) {
    }

    private static final long TIME = 1_700_000_000_000L;

    private final List<Item> items = new ArrayList<>();

    /** @return a zip with plinth.yaml and the jar its command names */
    static TestZip valid() {
        return new TestZip().file("plinth.yaml", VALID_DESCRIPTOR).file("speed-alert.jar", JAR);
    }

    static TestZip empty() {
        return new TestZip();
    }

    TestZip file(String name, String text) {
        return file(name, text.getBytes(StandardCharsets.UTF_8));
    }

    TestZip file(String name, byte[] data) {
        return entry(new ZipArchiveEntry(name), out -> out.write(data));
    }

    /** An entry of {@code size} zero bytes, written without holding them in memory. */
    TestZip zeros(String name, long size) {
        return entry(new ZipArchiveEntry(name), out -> {
            byte[] chunk = new byte[64 * 1024];
            for (long left = size; left > 0; left -= chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        });
    }

    /** An entry stored without compression, so its bytes can be found and changed in the zip. */
    TestZip stored(String name, byte[] data) {
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        entry.setMethod(ZipArchiveEntry.STORED);
        entry.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        return entry(entry, out -> out.write(data));
    }

    TestZip folder(String name) {
        return entry(new ZipArchiveEntry(name.endsWith("/") ? name : name + "/"), out -> { });
    }

    /** An entry whose unix mode, in the central directory, makes it a symlink, a device or a pipe. */
    TestZip withMode(String name, int unixMode, String data) {
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        entry.setUnixMode(unixMode);
        return entry(entry, out -> out.write(data.getBytes(StandardCharsets.UTF_8)));
    }

    private TestZip entry(ZipArchiveEntry entry, Content content) {
        entry.setTime(TIME);
        items.add(new Item(entry, content));
        return this;
    }

    byte[] bytes() {
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(buffer)) {
                for (Item item : items) {
                    out.putArchiveEntry(item.entry());
                    item.content().writeTo(out);
                    out.closeArchiveEntry();
                }
            }
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path writeTo(Path dir) {
        return write(dir, bytes());
    }

    static Path write(Path dir, byte[] bytes) {
        try {
            Path file = Files.createTempFile(dir, "upload-", ".zip");
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- byte surgery on finished zips ---------------------------------------------------------

    static final int LOCAL_HEADER = 0x04034b50;
    static final int CENTRAL_HEADER = 0x02014b50;
    static final int END_RECORD = 0x06054b50;

    /** Sets general purpose flag bits of the named entry in both its local and central header. */
    static byte[] withFlags(byte[] zip, String name, int bits) {
        byte[] out = zip.clone();
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        int found = 0;
        for (int at : headersNamed(out, name, LOCAL_HEADER)) {
            b.putShort(at + 6, (short) (b.getShort(at + 6) | bits));
            found++;
        }
        for (int at : headersNamed(out, name, CENTRAL_HEADER)) {
            b.putShort(at + 8, (short) (b.getShort(at + 8) | bits));
            found++;
        }
        if (found != 2) {
            throw new IllegalStateException("expected one local and one central header for " + name + ", found " + found);
        }
        return out;
    }

    /** Sets the compression method of the named entry in both its local and central header. */
    static byte[] withMethod(byte[] zip, String name, int method) {
        byte[] out = zip.clone();
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(headersNamed(out, name, LOCAL_HEADER).get(0) + 8, (short) method);
        b.putShort(headersNamed(out, name, CENTRAL_HEADER).get(0) + 10, (short) method);
        return out;
    }

    /** Replaces the first occurrence of {@code from} in the zip's bytes, as damage in transit would. */
    static byte[] replacing(byte[] zip, String from, String to) {
        byte[] needle = from.getBytes(StandardCharsets.UTF_8);
        byte[] replacement = to.getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at + needle.length <= zip.length; at++) {
            if (Arrays.equals(zip, at, at + needle.length, needle, 0, needle.length)) {
                byte[] out = zip.clone();
                System.arraycopy(replacement, 0, out, at, replacement.length);
                return out;
            }
        }
        throw new IllegalArgumentException(from + " is not in the zip");
    }

    /** Makes the end record say the central directory starts at {@code offset}. */
    static byte[] withDirectoryOffset(byte[] zip, int offset) {
        byte[] out = zip.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(out.length - 22 + 16, offset);
        return out;
    }

    /** Renames the named entry in its local header only, leaving the central directory as it was. */
    static byte[] withLocalName(byte[] zip, String name, String localName) {
        if (localName.length() != name.length()) {
            throw new IllegalArgumentException("keep the length, so no offsets move");
        }
        byte[] out = zip.clone();
        List<Integer> local = headersNamed(out, name, LOCAL_HEADER);
        byte[] replacement = localName.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(replacement, 0, out, local.get(0) + 30, replacement.length);
        return out;
    }

    /** Points the named entry's central directory record at the local header of another entry. */
    static byte[] pointingAt(byte[] zip, String name, String other) {
        byte[] out = zip.clone();
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        int otherLocal = headersNamed(out, other, LOCAL_HEADER).get(0);
        b.putInt(headersNamed(out, name, CENTRAL_HEADER).get(0) + 42, otherLocal);
        return out;
    }

    /** Makes the end record claim {@code count} entries, whatever the central directory holds. */
    static byte[] withClaimedEntryCount(byte[] zip, int count) {
        byte[] out = zip.clone();
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        int end = out.length - 22;
        if (b.getInt(end) != END_RECORD) {
            throw new IllegalStateException("no end record where expected");
        }
        b.putShort(end + 8, (short) count);
        b.putShort(end + 10, (short) count);
        return out;
    }

    private static List<Integer> headersNamed(byte[] zip, String name, int signature) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        int nameAt = signature == LOCAL_HEADER ? 30 : 46;
        int lengthAt = signature == LOCAL_HEADER ? 26 : 28;
        List<Integer> found = new ArrayList<>();
        for (int at = 0; at + nameAt <= zip.length; at++) {
            if (b.getInt(at) == signature && Short.toUnsignedInt(b.getShort(at + lengthAt)) == wanted.length
                    && at + nameAt + wanted.length <= zip.length
                    && Arrays.equals(zip, at + nameAt, at + nameAt + wanted.length, wanted, 0, wanted.length)) {
                found.add(at);
            }
        }
        return found;
    }
}
