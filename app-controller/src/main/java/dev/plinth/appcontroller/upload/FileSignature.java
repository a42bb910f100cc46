package dev.plinth.appcontroller.upload;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Tells a zip from other files by their first bytes, so a renamed PNG or {@code .tar.gz} gets a
 * message naming what it is instead of a parser error.
 */
final class FileSignature {

    /** How many leading bytes {@link #notAZip} wants; a tar header's magic sits at byte 257. */
    static final int HEAD_BYTES = 512;

    private static final byte[] LOCAL_FILE_HEADER = {'P', 'K', 3, 4};
    private static final byte[] EMPTY_ZIP = {'P', 'K', 5, 6};
    private static final byte[] SPANNED_ZIP = {'P', 'K', 7, 8};

    private record Kind(byte[] magic, int offset, String description) {
    }

    private static final Kind[] OTHERS = {
            new Kind(new byte[]{(byte) 0x89, 'P', 'N', 'G'}, 0, "a PNG image"),
            new Kind(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, 0, "a JPEG image"),
            new Kind(ascii("GIF8"), 0, "a GIF image"),
            new Kind(ascii("%PDF"), 0, "a PDF document"),
            new Kind(new byte[]{0x1F, (byte) 0x8B}, 0, "gzip-compressed data, such as a .tar.gz"),
            new Kind(ascii("BZh"), 0, "bzip2-compressed data, such as a .tar.bz2"),
            new Kind(new byte[]{(byte) 0xFD, '7', 'z', 'X', 'Z', 0}, 0, "xz-compressed data, such as a .tar.xz"),
            new Kind(new byte[]{0x28, (byte) 0xB5, 0x2F, (byte) 0xFD}, 0, "zstd-compressed data"),
            new Kind(new byte[]{'7', 'z', (byte) 0xBC, (byte) 0xAF, 0x27, 0x1C}, 0, "a 7-Zip archive"),
            new Kind(ascii("Rar!"), 0, "a RAR archive"),
            new Kind(ascii("ustar"), 257, "a tar archive"),
            new Kind(new byte[]{0x7F, 'E', 'L', 'F'}, 0, "a Linux program (ELF)"),
            new Kind(ascii("MZ"), 0, "a Windows program"),
            new Kind(new byte[]{(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE}, 0, "a Java class file"),
    };

    private FileSignature() {
    }

    /**
     * @param head the first {@link #HEAD_BYTES} bytes of the file, or all of it when shorter
     * @return why the file is not a zip Plinth accepts, or empty when it starts like one
     */
    static Optional<String> notAZip(byte[] head) {
        if (head.length == 0) {
            return Optional.of("is empty; upload a .zip file with plinth.yaml at its root");
        }
        // A zip made by any common tool starts with its first entry, or with the end record when
        // empty. Data before that (self-extracting programs, polyglot files) is refused.
        if (startsWith(head, LOCAL_FILE_HEADER, 0) || startsWith(head, EMPTY_ZIP, 0)) {
            return Optional.empty();
        }
        if (startsWith(head, SPANNED_ZIP, 0)) {
            return Optional.of("is one part of a split zip archive; upload the package as a single .zip file");
        }
        String looksLike = Arrays.stream(OTHERS)
                .filter(kind -> startsWith(head, kind.magic(), kind.offset()))
                .map(Kind::description)
                .findFirst()
                .orElse("data Plinth does not recognise");
        return Optional.of("is not a zip archive (it looks like " + looksLike + "); upload a .zip file with plinth.yaml at its root");
    }

    private static boolean startsWith(byte[] data, byte[] magic, int offset) {
        if (data.length < offset + magic.length) {
            return false;
        }
        return Arrays.equals(data, offset, offset + magic.length, magic, 0, magic.length);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
