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
 * @param address    the address its port is reachable on when the runtime gave it one of its own (the
 *                   inner end of its network namespace); null when it listens on the node's address
 */
public record StartedInstance(String instanceId, String nativeId, Instant startedAt, List<String> warnings,
                              String address) {

    public StartedInstance {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** An instance that listens on the node's address. */
    public StartedInstance(String instanceId, String nativeId, Instant startedAt, List<String> warnings) {
        this(instanceId, nativeId, startedAt, warnings, null);
    }
}
