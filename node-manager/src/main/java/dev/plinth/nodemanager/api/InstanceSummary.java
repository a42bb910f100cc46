package dev.plinth.nodemanager.api;

import dev.plinth.nodemanager.instances.InstanceRecord;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * An instance as the console shows it.
 *
 * @param id             the instance
 * @param app            its app
 * @param version        its app version
 * @param deploymentId   its deployment
 * @param desired        RUN or STOP
 * @param state          what its agent last reported, PENDING before
 * @param stateAt        when
 * @param node           where it is bound, or null
 * @param address        where the gateway reaches it (the inner end of its network namespace), or null
 * @param port           its port there, or null
 * @param cpu            cores it reserves
 * @param memoryMb       memory it reserves
 * @param exitCode       its exit code, once exited
 * @param message        the agent's word on its state
 * @param unplacedReason why no node fits, while unplaced
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record InstanceSummary(String id, String app, @Nullable String version, @Nullable String deploymentId,
                              @Nullable String desired, String state, @Nullable Instant stateAt, @Nullable String node,
                              @Nullable String address, @Nullable Integer port, double cpu, int memoryMb, @Nullable Integer exitCode,
                              @Nullable String message, @Nullable String unplacedReason) {

    static InstanceSummary of(InstanceRecord r) {
        return new InstanceSummary(r.id(), r.app(), r.version(), r.deploymentId(), r.desired(), r.state(), r.stateAt(),
                r.node(), r.address(), r.port(), r.spec().cpu(), r.spec().memoryMb(), r.exitCode(), r.message(), r.unplacedReason());
    }
}
