package dev.plinth.nodemanager.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A node as the console shows it.
 *
 * @param name            its name
 * @param kind            {@code local} or {@code remote}
 * @param address         where its instances are reached
 * @param runtime         its runtime
 * @param state           READY, NOT_READY, DRAINING, CORDONED, LOST or UNKNOWN
 * @param adminState      ACTIVE, DRAINING or CORDONED
 * @param capacity        what it offers
 * @param used            what its instances use, measured by its agent (zero without heartbeats)
 * @param reserved        what the instances bound to it reserve
 * @param labels          its labels
 * @param ports           its port range
 * @param lastHeartbeatAt when its agent last reported, or null
 * @param agentId         its agent's current run, or null
 * @param instances       the instances bound to it that are not history
 * @param isolation       {@code required}, or {@code none} when its instances run unconfined (a warning)
 * @param isolationProblems why its agent cannot isolate instances, each with its fix, when it is NOT_READY
 * <p>Every field is present in the JSON, empty lists and nulls included, so clients need no defaults.</p>
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record NodeDetails(String name, String kind, String address, String runtime, String state, String adminState,
                          Amount capacity, Amount used, Amount reserved, Map<String, String> labels, Ports ports,
                          @Nullable Instant lastHeartbeatAt, @Nullable String agentId, List<InstanceSummary> instances,
                          String isolation, List<String> isolationProblems) {

    /**
     * Cores and memory.
     *
     * @param cpu      cores
     * @param memoryMb MiB
     */
    @Serdeable
    public record Amount(double cpu, long memoryMb) {
    }

    /**
     * A port range.
     *
     * @param from first port
     * @param to   last port
     */
    @Serdeable
    public record Ports(int from, int to) {
    }
}
