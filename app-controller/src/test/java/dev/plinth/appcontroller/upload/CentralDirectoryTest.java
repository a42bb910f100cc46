package dev.plinth.appcontroller.upload;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CentralDirectoryTest {

    @TempDir
    Path dir;

    private long count(byte[] zip, long limit) throws IOException {
        try (FileChannel channel = FileChannel.open(TestZip.write(dir, zip), StandardOpenOption.READ)) {
            return CentralDirectory.countEntries(channel, limit);
        }
    }

    private static byte[] zipWith(int entries) {
        TestZip zip = TestZip.empty();
        for (int i = 0; i < entries; i++) {
            zip.file("file-" + i + ".txt", "content " + i);
        }
        return zip.bytes();
    }

    @ParameterizedTest(name = "{0} entries, limit {1}: {2}")
    @CsvSource({
            "0, 10, 0",
            "1, 10, 1",
            "7, 10, 7",
            "10, 10, 10",
            "11, 10, 11",
            "50, 10, 11",
            "50, 0, 1"})
    void countsRecordsUpToOnePastTheLimit(int entries, long limit, long expected) throws IOException {
        assertEquals(expected, count(zipWith(entries), limit));
    }

    @Test
    void ignoresTheCountTheEndRecordClaims() throws IOException {
        assertEquals(8, count(TestZip.withClaimedEntryCount(zipWith(8), 2), 100));
    }

    @Test
    void findsNoEndRecordInACutFile() throws IOException {
        byte[] zip = zipWith(5);
        assertEquals(CentralDirectory.NO_END_RECORD, count(Arrays.copyOf(zip, zip.length - 30), 100));
        assertEquals(CentralDirectory.NO_END_RECORD, count(new byte[0], 100));
    }
}
