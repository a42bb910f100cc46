package dev.plinth.appcontroller.upload;

import dev.plinth.contracts.descriptor.AppDescriptor;
import dev.plinth.contracts.descriptor.ControllerRequirement;
import dev.plinth.contracts.descriptor.DescriptorParser;
import dev.plinth.contracts.descriptor.PackageRuntimes;
import dev.plinth.contracts.descriptor.SensorRequirement;
import dev.plinth.contracts.validation.InvalidDocumentException;
import dev.plinth.contracts.validation.Problem;
import jakarta.inject.Singleton;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipMethod;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

/**
 * Decides whether an uploaded zip may become an app version, and if not, says everything that is
 * wrong with it at once.
 *
 * <p>The zip is hostile until proven otherwise. Its size and entry count are checked before it is
 * parsed; names, file types, encryption and layout come from the central directory; every entry is
 * then unpacked into nothing while its real bytes are counted, so an entry stops being read as soon
 * as it passes its compression-ratio limit or the package passes its total, whatever sizes the
 * headers claim. Finally {@code plinth.yaml} is parsed and checked against the files in the zip and
 * the device types Plinth knows, and the runtimes the package can run on are decided
 * ({@link PackageRuntimes}: {@code run.command}, {@code run.image} and a {@code Dockerfile} at the root):
 * a package that can run on none is refused.</p>
 *
 * <p>Nothing is written anywhere: the only I/O is reading the zip file and asking the
 * {@link DeviceTypeCatalog}. Thread-safe.</p>
 */
@Singleton
public class PackageInspector {

    /** The path of problems about the package as a whole. */
    public static final String WHOLE_PACKAGE = "";

    private static final String DESCRIPTOR = AppDescriptor.FILE_NAME;
    private static final int READ_BUFFER = 64 * 1024;

    // File type bits of a unix mode, kept in the high half of an entry's external attributes.
    private static final int TYPE_MASK = 0170000;
    private static final int REGULAR_FILE = 0100000;
    private static final int DIRECTORY = 0040000;
    private static final int SYMLINK = 0120000;

    private final DeviceTypeCatalog catalog;
    private final DescriptorParser parser = new DescriptorParser();

    /** @param catalog the sensor and controller types an upload may ask for */
    public PackageInspector(DeviceTypeCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Inspects an uploaded package.
     *
     * @param zipFile the uploaded file, already on local disk
     * @param limits  how large the package may be and unpack to
     * @return the accepted package, or every problem found
     * @throws IOException when the file cannot be read from disk (not when it is a bad zip: that is a
     *                     problem in the report)
     * @throws RuntimeException from the {@link DeviceTypeCatalog} when the known device types cannot be
     *                          read: an infrastructure fault to retry, not a problem with the package
     */
    public PackageReport inspect(Path zipFile, UploadLimits limits) throws IOException {
        long size = Files.size(zipFile);
        if (size > limits.maxCompressedBytes()) {
            return rejected("is " + bytes(size) + ", more than the " + bytes(limits.maxCompressedBytes())
                    + " a package may be; leave out what the app does not need to run (build caches, tests, sources)");
        }
        Inspection inspection;
        try (FileChannel channel = FileChannel.open(zipFile, StandardOpenOption.READ)) {
            Optional<String> notAZip = FileSignature.notAZip(head(channel));
            if (notAZip.isPresent()) {
                return rejected(notAZip.get());
            }
            long entries = CentralDirectory.countEntries(channel, limits.maxEntries());
            if (entries == CentralDirectory.NO_END_RECORD) {
                return rejected("is cut short or damaged: the table of contents at the end of a zip is missing; "
                        + "upload the complete file again");
            }
            if (entries > limits.maxEntries()) {
                return rejected(tooManyEntries(limits));
            }
            ZipFile zip;
            try {
                zip = ZipFile.builder()
                        .setSeekableByteChannel(channel)
                        // Names come from the bytes every unzip tool reads, never from an optional
                        // extra field that only some tools honour.
                        .setUseUnicodeExtraFields(false)
                        .get();
            } catch (IOException | RuntimeException e) {
                // A crafted directory can trip the parser anywhere; either way the upload is unreadable.
                return rejected("is damaged and cannot be read as a zip (" + reason(e) + "); create the zip again");
            }
            try (zip) {
                inspection = new Inspection(zip, channel, limits);
                inspection.run();
            }
        }
        if (!inspection.problems.isEmpty()) {
            return new PackageReport.Rejected(inspection.problems, inspection.inflated);
        }
        Digest digest = sha256(zipFile);
        return new PackageReport.Accepted(inspection.descriptor, digest.hex(), digest.bytes(), inspection.inflated,
                inspection.entryCount, inspection.files, inspection.runtimes);
    }

    /** The state of one inspection: the open zip, what was found so far, how much was unpacked. */
    private final class Inspection {

        private final ZipFile zip;
        private final FileChannel channel;
        private final UploadLimits limits;
        private final List<Problem> problems = new ArrayList<>();
        private final byte[] buffer = new byte[READ_BUFFER];
        private long inflated;
        private boolean totalExceeded;
        private int entryCount;
        private List<String> files = List.of();
        private AppDescriptor descriptor;
        private List<String> runtimes = List.of();

        Inspection(ZipFile zip, FileChannel channel, UploadLimits limits) {
            this.zip = zip;
            this.channel = channel;
            this.limits = limits;
        }

        void run() throws IOException {
            List<ZipArchiveEntry> entries = Collections.list(zip.getEntries());
            entryCount = entries.size();
            if (entryCount > limits.maxEntries()) {
                problem(WHOLE_PACKAGE, tooManyEntries(limits));
                return;
            }
            List<ZipArchiveEntry> readable = checkEntries(entries);
            checkOverlaps(entries);
            checkFilesUsedAsFolders(entries);
            files = readable.stream().filter(e -> !e.isDirectory()).map(ZipArchiveEntry::getName).sorted().toList();

            ZipArchiveEntry descriptorEntry = entries.stream()
                    .filter(e -> e.getName().equals(DESCRIPTOR)).findFirst().orElse(null);
            byte[] descriptorBytes = null;
            if (descriptorEntry == null) {
                problem(DESCRIPTOR, missingDescriptor(entries));
            } else if (readable.contains(descriptorEntry)) {
                // Read first, so the descriptor is checked even when a later entry stops the reading.
                descriptorBytes = read(descriptorEntry, limits.maxDescriptorBytes());
            }
            for (ZipArchiveEntry entry : readable) {
                if (totalExceeded) {
                    break;
                }
                if (entry != descriptorEntry) {
                    read(entry, Long.MAX_VALUE);
                }
            }
            if (descriptorBytes != null) {
                descriptor = parseDescriptor(descriptorBytes);
            }
            if (descriptor != null) {
                checkRuntimes(descriptor, entries);
                checkRunCommand(descriptor, entries);
                checkDeviceTypes(descriptor);
            }
        }

        /** Decides where the package can run; one that can run nowhere is a problem, with a hint at a misplaced Dockerfile. */
        private void checkRuntimes(AppDescriptor app, List<ZipArchiveEntry> entries) {
            // Every file entry counts here, even one refused above: that problem is already reported.
            boolean rootDockerfile = entries.stream()
                    .anyMatch(e -> !e.isDirectory() && e.getName().equals(PackageRuntimes.DOCKERFILE));
            runtimes = PackageRuntimes.of(app.run(), rootDockerfile);
            if (!runtimes.isEmpty()) {
                return;
            }
            String hint = entries.stream()
                    .filter(e -> !e.isDirectory())
                    .map(ZipArchiveEntry::getName)
                    .filter(name -> {
                        String file = name.substring(name.lastIndexOf('/') + 1);
                        return file.equalsIgnoreCase(PackageRuntimes.DOCKERFILE) && !name.equals(PackageRuntimes.DOCKERFILE);
                    })
                    .sorted()
                    .findFirst()
                    .map(name -> " (the zip has " + EntryNames.printable(name) + "; only a file named exactly "
                            + PackageRuntimes.DOCKERFILE + " at the root of the package counts)")
                    .orElse("");
            problem("run", PackageRuntimes.NOWHERE + hint);
        }

        /** Checks each entry's name, type, encryption and method; returns those safe to read. */
        private List<ZipArchiveEntry> checkEntries(List<ZipArchiveEntry> entries) throws IOException {
            List<ZipArchiveEntry> readable = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            Set<String> duplicates = new HashSet<>();
            for (ZipArchiveEntry entry : entries) {
                String name = entry.getName();
                String shown = EntryNames.printable(name);
                EntryNames.problemWith(name).ifPresent(message -> problem(shown, message));
                if (!seen.add(name) && duplicates.add(name)) {
                    problem(shown, "appears more than once in the zip; keep one copy");
                }
                Optional<String> special = specialFile(entry);
                if (special.isPresent()) {
                    problem(shown, special.get());
                    continue;
                }
                if (entry.getGeneralPurposeBit().usesEncryption() || entry.getGeneralPurposeBit().usesStrongEncryption()) {
                    problem(shown, "is encrypted; upload the package without a password");
                    continue;
                }
                int method = entry.getMethod();
                if (method != ZipMethod.STORED.getCode() && method != ZipMethod.DEFLATED.getCode()) {
                    ZipMethod known = ZipMethod.getMethodByCode(method);
                    problem(shown, "is compressed with " + (known == null ? "method " + method : known.name().toLowerCase(Locale.ROOT))
                            + ", which Plinth does not unpack; create the zip with the usual deflate compression");
                    continue;
                }
                Optional<String> localHeader = localHeaderProblem(entry);
                if (localHeader.isPresent()) {
                    problem(shown, localHeader.get());
                    continue;
                }
                readable.add(entry);
            }
            return readable;
        }

        /** Catches entries whose bytes lie inside another entry's data, the trick of overlapping zip bombs. */
        private void checkOverlaps(List<ZipArchiveEntry> entries) {
            List<ZipArchiveEntry> byOffset = new ArrayList<>(entries);
            byOffset.sort(Comparator.comparingLong(ZipArchiveEntry::getLocalHeaderOffset));
            for (int i = 1; i < byOffset.size(); i++) {
                ZipArchiveEntry before = byOffset.get(i - 1);
                ZipArchiveEntry entry = byOffset.get(i);
                long beforeEnds = Math.max(before.getDataOffset(), before.getLocalHeaderOffset())
                        + Math.max(before.getCompressedSize(), 0);
                if (entry.getLocalHeaderOffset() < beforeEnds) {
                    problem(EntryNames.printable(entry.getName()), "shares its bytes with "
                            + EntryNames.printable(before.getName())
                            + ", which zip bombs do to multiply their size; create the zip again with a standard tool");
                }
            }
        }

        private void checkFilesUsedAsFolders(List<ZipArchiveEntry> entries) {
            Set<String> folders = new HashSet<>();
            for (ZipArchiveEntry entry : entries) {
                String name = entry.getName();
                for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
                    folders.add(name.substring(0, slash));
                }
            }
            Set<String> reported = new HashSet<>();
            for (ZipArchiveEntry entry : entries) {
                String name = entry.getName();
                if (!entry.isDirectory() && folders.contains(name) && reported.add(name)) {
                    problem(EntryNames.printable(name), "is a file, but other entries use it as a folder; rename one of them");
                }
            }
        }

        /**
         * Streaming unzip tools take names from the local header in front of each entry's data, not
         * from the table of contents checked here, so the two must agree.
         */
        private Optional<String> localHeaderProblem(ZipArchiveEntry entry) throws IOException {
            long offset = entry.getLocalHeaderOffset();
            ByteBuffer header = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
            if (!readFully(header, offset) || header.getInt(0) != 0x04034b50) {
                return Optional.of("has no local header where the zip's table of contents points; "
                        + "the zip is damaged, create it again");
            }
            byte[] expected = entry.getRawName();
            ByteBuffer localName = ByteBuffer.allocate(Short.toUnsignedInt(header.getShort(26)));
            if (localName.capacity() != expected.length || !readFully(localName, offset + 30)
                    || !Arrays.equals(localName.array(), expected)) {
                return Optional.of("has a different name in its local header than in the zip's table of contents, "
                        + "which can trick unzip tools; create the zip again");
            }
            return Optional.empty();
        }

        private boolean readFully(ByteBuffer buffer, long position) throws IOException {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, position + buffer.position()) < 0) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Unpacks one entry into nothing, counting its real bytes, and stops one byte past whichever
         * limit comes first: its own size limit, its compression ratio, or what is left of the total.
         *
         * @return the entry's bytes when it was read whole within {@code keepAtMost}, else null
         */
        private byte[] read(ZipArchiveEntry entry, long keepAtMost) {
            String shown = EntryNames.printable(entry.getName());
            long ratioCap = Math.max(UploadLimits.RATIO_GRACE_BYTES,
                    saturatedMultiply(limits.maxEntryRatio(), Math.max(entry.getCompressedSize(), 1)));
            long totalRoom = limits.maxUncompressedBytes() - inflated;
            long stopAt = Math.min(Math.min(ratioCap, totalRoom), keepAtMost);
            ByteArrayOutputStream kept = keepAtMost == Long.MAX_VALUE ? null : new ByteArrayOutputStream();
            CRC32 crc = new CRC32();
            long count = 0;
            try (InputStream in = zip.getInputStream(entry)) {
                int n;
                while ((n = in.read(buffer, 0, (int) Math.min(buffer.length, stopAt - count + 1))) >= 0) {
                    count += n;
                    crc.update(buffer, 0, n);
                    if (kept != null) {
                        kept.write(buffer, 0, n);
                    }
                    if (count > stopAt) {
                        break;
                    }
                }
            } catch (IOException | RuntimeException e) {
                inflated += count;
                problem(shown, "cannot be unpacked (" + reason(e) + "); the zip is damaged, create it again");
                return null;
            }
            inflated += count;
            if (count > totalRoom) {
                totalExceeded = true;
                problem(WHOLE_PACKAGE, "unpacks to more than " + bytes(limits.maxUncompressedBytes())
                        + ", the most a package may unpack to; leave out what the app does not need to run");
                return null;
            }
            if (count > keepAtMost) {
                problem(shown, "is larger than " + bytes(keepAtMost) + "; a descriptor needs only a few lines");
                return null;
            }
            if (count > ratioCap) {
                problem(shown, "unpacks to more than " + limits.maxEntryRatio()
                        + " times its compressed size, as zip bombs do; leave it out or ship it in a form that compresses less");
                return null;
            }
            if (count != entry.getSize()) {
                problem(shown, "unpacks to " + count + " bytes, but the zip says " + entry.getSize()
                        + "; the zip is damaged or forged, create it again");
                return null;
            }
            if (crc.getValue() != entry.getCrc()) {
                problem(shown, "is damaged: its contents do not match their checksum; create the zip again");
                return null;
            }
            return kept == null ? null : kept.toByteArray();
        }

        private AppDescriptor parseDescriptor(byte[] bytes) {
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                problem(DESCRIPTOR, "is not UTF-8 text; save it as UTF-8");
                return null;
            }
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            try {
                return parser.parse(text);
            } catch (InvalidDocumentException e) {
                // Problems about the document as a whole come with an empty path; name the file instead.
                e.problems().forEach(p -> problem(p.path() == null || p.path().isEmpty() ? DESCRIPTOR : p.path(), p.message()));
                return null;
            }
        }

        private void checkRunCommand(AppDescriptor app, List<ZipArchiveEntry> entries) {
            // Every file entry counts here, even one refused above: that problem is already reported.
            Set<String> present = entries.stream().filter(e -> !e.isDirectory())
                    .map(ZipArchiveEntry::getName).collect(Collectors.toSet());
            for (String named : new TreeSet<>(DescriptorParser.filesNamedBy(app.run()))) {
                if (present.contains(named)) {
                    continue;
                }
                String elsewhere = entries.stream()
                        .map(ZipArchiveEntry::getName)
                        .filter(name -> name.endsWith("/" + named))
                        .sorted()
                        .findFirst()
                        .map(name -> " (the zip has " + EntryNames.printable(name) + "; the command runs in the root of the package)")
                        .orElse("");
                problem("run.command", named + " is not in the package" + elsewhere);
            }
        }

        private void checkDeviceTypes(AppDescriptor app) {
            if (!app.sensors().isEmpty()) {
                Set<String> known = catalog.knownSensorTypes();
                List<SensorRequirement> sensors = app.sensors();
                for (int i = 0; i < sensors.size(); i++) {
                    String type = sensors.get(i).type();
                    if (!known.contains(type)) {
                        problem("sensors[" + i + "].type", "unknown sensor type '" + type + "'; registered types: " + listed(known));
                    }
                }
            }
            if (!app.controllers().isEmpty()) {
                Set<String> known = catalog.knownControllerTypes();
                List<ControllerRequirement> controllers = app.controllers();
                for (int i = 0; i < controllers.size(); i++) {
                    String type = controllers.get(i).type();
                    if (!known.contains(type)) {
                        problem("controllers[" + i + "].type", "unknown controller type '" + type + "'; registered types: " + listed(known));
                    }
                }
            }
        }

        private void problem(String path, String message) {
            problems.add(new Problem(path, message));
        }
    }

    private static Optional<String> specialFile(ZipArchiveEntry entry) {
        // Read the mode whatever platform the entry claims: some unzip tools honour it regardless.
        int type = (int) ((entry.getExternalAttributes() >> 16) & TYPE_MASK);
        if (type == 0 || type == REGULAR_FILE || type == DIRECTORY) {
            return Optional.empty();
        }
        if (type == SYMLINK) {
            return Optional.of("is a symbolic link; Plinth unpacks only files and folders, so put the file itself in the zip");
        }
        String kind = switch (type) {
            case 0010000 -> "a named pipe";
            case 0020000 -> "a character device";
            case 0060000 -> "a block device";
            case 0140000 -> "a socket";
            default -> "a special file";
        };
        return Optional.of("is " + kind + "; Plinth unpacks only files and folders");
    }

    private static String missingDescriptor(List<ZipArchiveEntry> entries) {
        List<String> nested = entries.stream()
                .map(ZipArchiveEntry::getName)
                .filter(name -> name.endsWith("/" + DESCRIPTOR))
                .sorted()
                .toList();
        if (nested.isEmpty()) {
            return "is missing; put plinth.yaml, which describes the app, at the root of the zip";
        }
        return "is not at the root of the zip (found " + nested.stream().map(EntryNames::printable).collect(Collectors.joining(", "))
                + "); zip the contents of the app's folder, not the folder itself";
    }

    private static String tooManyEntries(UploadLimits limits) {
        return "has more than " + limits.maxEntries() + " entries, the most a package may hold; "
                + "leave out what the app does not need to run, or bundle small files (a jar counts as one entry)";
    }

    private static PackageReport rejected(String message) {
        return new PackageReport.Rejected(List.of(new Problem(WHOLE_PACKAGE, message)), 0);
    }

    private static byte[] head(FileChannel channel) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(FileSignature.HEAD_BYTES);
        int n = 0;
        while (head.hasRemaining() && n >= 0) {
            n = channel.read(head, head.position());
        }
        return Arrays.copyOf(head.array(), head.position());
    }

    private static String reason(Exception e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    private record Digest(String hex, long bytes) {
    }

    /** Hashes the file in one pass, counting its bytes as it goes. */
    private static Digest sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        byte[] buffer = new byte[READ_BUFFER];
        long total = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
                total += n;
            }
        }
        return new Digest(HexFormat.of().formatHex(digest.digest()), total);
    }

    private static String listed(Set<String> known) {
        return known.isEmpty() ? "none yet" : String.join(", ", new TreeSet<>(known));
    }

    private static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
    }

    /** Renders a size for people: {@code 512 bytes}, {@code 256 KiB}, {@code 1.5 GiB}. */
    public static String bytes(long count) {
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        if (count < 1024) {
            return count + (count == 1 ? " byte" : " bytes");
        }
        double value = count;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        String number = value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
        return number + " " + units[unit];
    }
}
