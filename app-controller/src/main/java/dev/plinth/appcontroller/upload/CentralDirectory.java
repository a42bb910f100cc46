package dev.plinth.appcontroller.upload;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * Counts the records of a zip's central directory without building them.
 *
 * <p>Why: commons-compress's {@code ZipFile} reads the whole central directory into objects before
 * anyone can look at the entry count, and it reads records for as long as they follow each other,
 * whatever count the end record claims. A 200 MB upload of minimal records would be millions of
 * objects. This walk finds the directory the same way (the end record nearest the end of the file,
 * the ZIP64 locator just before it) and stops one record past the limit.</p>
 */
final class CentralDirectory {

    /** Returned by {@link #countEntries} when the file has no end of central directory record. */
    static final long NO_END_RECORD = -1;

    private static final int END_RECORD = 0x06054b50;
    private static final int END_RECORD_SIZE = 22;
    private static final int MAX_COMMENT = 0xFFFF;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_LOCATOR_SIZE = 20;
    private static final int ZIP64_END_RECORD = 0x06064b50;
    private static final int FILE_HEADER = 0x02014b50;
    private static final int FILE_HEADER_SIZE = 46;

    private CentralDirectory() {
    }

    /**
     * @param channel the zip file
     * @param limit   the most entries allowed
     * @return the number of central directory records, at most {@code limit + 1}, or
     *         {@link #NO_END_RECORD} when the file has no end record (it is cut short or not a zip)
     */
    static long countEntries(FileChannel channel, long limit) throws IOException {
        long size = channel.size();
        long end = findEndRecord(channel, size);
        if (end < 0) {
            return NO_END_RECORD;
        }
        if (end >= ZIP64_LOCATOR_SIZE && readInt(channel, end - ZIP64_LOCATOR_SIZE) == ZIP64_LOCATOR) {
            long zip64End = readLong(channel, end - ZIP64_LOCATOR_SIZE + 8);
            if (zip64End < 0 || zip64End + 56 > size || readInt(channel, zip64End) != ZIP64_END_RECORD) {
                return 0;
            }
            return walk(channel, readLong(channel, zip64End + 48), size, limit);
        }
        long directorySize = Integer.toUnsignedLong(readInt(channel, end + 12));
        long directoryOffset = Integer.toUnsignedLong(readInt(channel, end + 16));
        // Readers differ on where the directory starts when the zip has a prefix: at the offset it
        // records, or that far before the end record. Count from both and keep the larger.
        return Math.max(walk(channel, directoryOffset, size, limit),
                walk(channel, end - directorySize, size, limit));
    }

    private static long findEndRecord(FileChannel channel, long size) throws IOException {
        if (size < END_RECORD_SIZE) {
            return -1;
        }
        int tailLength = (int) Math.min(size, END_RECORD_SIZE + MAX_COMMENT);
        long tailStart = size - tailLength;
        ByteBuffer tail = read(channel, tailStart, tailLength);
        for (int i = tailLength - END_RECORD_SIZE; i >= 0; i--) {
            if (tail.getInt(i) == END_RECORD) {
                return tailStart + i;
            }
        }
        return -1;
    }

    private static long walk(FileChannel channel, long start, long size, long limit) throws IOException {
        long count = 0;
        long position = start;
        while (count <= limit && position >= 0 && position + FILE_HEADER_SIZE <= size) {
            ByteBuffer header = read(channel, position, FILE_HEADER_SIZE);
            if (header.getInt(0) != FILE_HEADER) {
                break;
            }
            count++;
            int nameLength = Short.toUnsignedInt(header.getShort(28));
            int extraLength = Short.toUnsignedInt(header.getShort(30));
            int commentLength = Short.toUnsignedInt(header.getShort(32));
            position += FILE_HEADER_SIZE + nameLength + extraLength + commentLength;
        }
        return count;
    }

    private static int readInt(FileChannel channel, long position) throws IOException {
        return read(channel, position, 4).getInt(0);
    }

    private static long readLong(FileChannel channel, long position) throws IOException {
        return read(channel, position, 8).getLong(0);
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException("the zip ends inside a record at byte " + position);
            }
        }
        return buffer;
    }
}
