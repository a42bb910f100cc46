package dev.plinth.contracts.runtime;

import java.time.Instant;

/**
 * What a runtime sees of an instance.
 *
 * @param instanceId the instance
 * @param state      running, exited or unknown
 * @param nativeId   the process or container id, may be null
 * @param exitCode   the exit code once exited, else null
 * @param startedAt  when it was launched, may be null
 * @param cpuCores   cores in use now, measured where the runtime can, else 0
 * @param memoryMb   memory in use now in MiB, measured where the runtime can, else 0
 */
public record Inspection(String instanceId, State state, String nativeId, Integer exitCode, Instant startedAt,
                         double cpuCores, long memoryMb) {

    /** What the runtime sees. */
    public enum State { RUNNING, EXITED, UNKNOWN }

    /** @return an inspection for an instance the runtime does not know */
    public static Inspection unknown(String instanceId) {
        return new Inspection(instanceId, State.UNKNOWN, null, null, null, 0, 0);
    }
}
