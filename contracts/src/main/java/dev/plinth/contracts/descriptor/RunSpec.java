package dev.plinth.contracts.descriptor;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * How to start an instance.
 *
 * @param command the command and its arguments, run in the unpacked package (process runtime); may be empty
 * @param image   a container image (docker and kubernetes); may be null
 */
@Serdeable
public record RunSpec(List<String> command, @Nullable String image) {

    public RunSpec {
        command = command == null ? List.of() : List.copyOf(command);
    }
}
