package dev.plinth.contracts.runtime;

import java.time.Instant;
import java.util.List;

/**
 * An instance a runtime launched.
 *
 * @param instanceId the instance
 * @param nativeId   the runtime's own id: a process id, a container id
 * @param startedAt  when it was launched
 * @param warnings   limits or sandboxing that could not be applied on this host, for the log
 */
public record StartedInstance(String instanceId, String nativeId, Instant startedAt, List<String> warnings) {

    public StartedInstance {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}
