package dev.plinth.contracts.descriptor;

import io.micronaut.serde.annotation.Serdeable;

/**
 * What one instance needs; placement reserves it on a node and runtimes enforce it where they can.
 *
 * @param cpu      cores, may be fractional
 * @param memoryMb memory in MiB
 */
@Serdeable
public record Resources(double cpu, int memoryMb) {

    /** What an instance gets when the descriptor does not say. */
    public static final Resources DEFAULT = new Resources(0.25, 128);
}
