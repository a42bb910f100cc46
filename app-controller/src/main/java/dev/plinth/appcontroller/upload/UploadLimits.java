package dev.plinth.appcontroller.upload;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.ReadableBytes;

/**
 * How much an uploaded package may weigh and unpack to. Sizes accept units in configuration,
 * as {@code plinth.uploads.max-compressed-bytes: 200MB}.
 *
 * @param maxCompressedBytes   the largest zip file accepted
 * @param maxUncompressedBytes the most bytes all entries together may unpack to
 * @param maxEntries           the most entries (files and folders) a zip may hold
 * @param maxEntryRatio        how many times its compressed size one entry may unpack to; entries
 *                             that unpack to less than {@link #RATIO_GRACE_BYTES} are not held to it
 * @param maxDescriptorBytes   the largest {@code plinth.yaml} accepted
 */
@ConfigurationProperties("plinth.uploads")
public record UploadLimits(
        @ReadableBytes @Bindable(defaultValue = "200MB") long maxCompressedBytes,
        @ReadableBytes @Bindable(defaultValue = "1GB") long maxUncompressedBytes,
        @Bindable(defaultValue = "10000") int maxEntries,
        @Bindable(defaultValue = "200") int maxEntryRatio,
        @ReadableBytes @Bindable(defaultValue = "256KB") long maxDescriptorBytes) {

    /**
     * Small files of repeated bytes (a blank config, a sparse CSV) legitimately compress more than
     * any sane ratio, so the ratio only applies once an entry has unpacked past this many bytes.
     * A bomb can still not get far: the total limit and the entry limit bound the rest.
     */
    public static final long RATIO_GRACE_BYTES = 1024 * 1024;

    public UploadLimits {
        requirePositive("maxCompressedBytes", maxCompressedBytes);
        requirePositive("maxUncompressedBytes", maxUncompressedBytes);
        requirePositive("maxEntries", maxEntries);
        requirePositive("maxEntryRatio", maxEntryRatio);
        requirePositive("maxDescriptorBytes", maxDescriptorBytes);
    }

    /** @return the limits used when nothing is configured: 200 MiB, 1 GiB, 10,000 entries, ratio 200, 256 KiB */
    public static UploadLimits defaults() {
        return new UploadLimits(200L * 1024 * 1024, 1024L * 1024 * 1024, 10_000, 200, 256L * 1024);
    }

    /** @return these limits with another total unpacked size, for tests and tuning */
    public UploadLimits withMaxUncompressedBytes(long bytes) {
        return new UploadLimits(maxCompressedBytes, bytes, maxEntries, maxEntryRatio, maxDescriptorBytes);
    }

    /** @return these limits with another zip file size */
    public UploadLimits withMaxCompressedBytes(long bytes) {
        return new UploadLimits(bytes, maxUncompressedBytes, maxEntries, maxEntryRatio, maxDescriptorBytes);
    }

    /** @return these limits with another entry count */
    public UploadLimits withMaxEntries(int entries) {
        return new UploadLimits(maxCompressedBytes, maxUncompressedBytes, entries, maxEntryRatio, maxDescriptorBytes);
    }

    /** @return these limits with another per-entry compression ratio */
    public UploadLimits withMaxEntryRatio(int ratio) {
        return new UploadLimits(maxCompressedBytes, maxUncompressedBytes, maxEntries, ratio, maxDescriptorBytes);
    }

    /** @return these limits with another descriptor size */
    public UploadLimits withMaxDescriptorBytes(long bytes) {
        return new UploadLimits(maxCompressedBytes, maxUncompressedBytes, maxEntries, maxEntryRatio, bytes);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("plinth.uploads." + name + " must be greater than 0, not " + value);
        }
    }
}
