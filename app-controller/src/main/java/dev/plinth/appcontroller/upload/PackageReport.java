package dev.plinth.appcontroller.upload;

import dev.plinth.contracts.descriptor.AppDescriptor;
import dev.plinth.contracts.descriptor.PackageRuntimes;
import dev.plinth.contracts.validation.Problem;

import java.util.List;

/**
 * What {@link PackageInspector} found in an uploaded package: either {@link Accepted} with what the
 * rest of the upload needs, or {@link Rejected} with every problem found.
 */
public sealed interface PackageReport permits PackageReport.Accepted, PackageReport.Rejected {

    /** @return true when the package may be stored */
    boolean accepted();

    /** @return every problem found; empty when accepted */
    List<Problem> problems();

    /**
     * @return how many bytes were really decompressed while inspecting, which the limits keep far
     *         below what a zip bomb claims to hold
     */
    long bytesInflated();

    /**
     * A package that may be stored.
     *
     * @param descriptor        the parsed {@code plinth.yaml}, defaults filled in
     * @param sha256            the hex sha256 of the zip file, its artifact id
     * @param compressedBytes   the size of the zip file
     * @param uncompressedBytes what all entries unpack to, counted while reading them
     * @param entryCount        how many entries (files and folders) the zip holds
     * @param files             the paths of the files in the zip, sorted; folders are left out
     * @param runtimes          the runtimes it can run on, at least one ({@link PackageRuntimes})
     */
    record Accepted(AppDescriptor descriptor, String sha256, long compressedBytes, long uncompressedBytes,
                    int entryCount, List<String> files, List<String> runtimes) implements PackageReport {

        public Accepted {
            files = List.copyOf(files);
            if (runtimes.isEmpty()) {
                throw new IllegalArgumentException("an accepted package runs on at least one runtime");
            }
            runtimes = List.copyOf(runtimes);
        }

        @Override
        public boolean accepted() {
            return true;
        }

        @Override
        public List<Problem> problems() {
            return List.of();
        }

        @Override
        public long bytesInflated() {
            return uncompressedBytes;
        }
    }

    /**
     * A package that must not be stored.
     *
     * @param problems      every problem found, at least one, in the order they were found
     * @param bytesInflated how many bytes were decompressed before the inspection stopped
     */
    record Rejected(List<Problem> problems, long bytesInflated) implements PackageReport {

        public Rejected {
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("a rejected package needs at least one problem");
            }
            problems = List.copyOf(problems);
        }

        @Override
        public boolean accepted() {
            return false;
        }
    }
}
