package dev.plinth.contracts.events;

import dev.plinth.contracts.descriptor.PackageRuntimes;
import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/**
 * Everything an agent needs to start one instance.
 *
 * @param instanceId     the instance, unique across the platform
 * @param app            the app's name
 * @param version        the app version
 * @param deploymentId   the deployment the instance belongs to
 * @param artifactSha256 the package's sha256; the agent verifies what it fetches against it
 * @param artifactUrl    where the agent fetches the package from
 * @param command        the command to run in the unpacked package (process runtime)
 * @param image          the container image (docker runtime), may be null
 * @param port           the port the instance must listen on; passed as {@code PORT}
 * @param containerPort  the port the app listens on inside a container
 * @param env            environment variables from the descriptor and the platform ({@code PLINTH_*})
 * @param cpu            cores the instance may use
 * @param memoryMb       memory the instance may use, in MiB
 * @param healthPath     the URL path of its health check
 * @param healthIntervalSeconds how often to probe once healthy
 * @param healthTimeoutSeconds  how long one probe may take
 * @param failureThreshold      failed probes in a row before it is unhealthy
 * @param startupSeconds        how long it has to pass its first probe
 * @param runtimes       the runtimes its version can run on ({@link PackageRuntimes}); an agent whose runtime is not
 *                       among them refuses it. A command that does not carry it (sent before runtimes were recorded)
 *                       reads as {@link PackageRuntimes#WITHOUT_FIELD}. With {@code docker} and no {@code image}, the
 *                       agent builds the image from the package's Dockerfile.
 */
@Serdeable
public record InstanceSpec(String instanceId, String app, String version, String deploymentId,
                           String artifactSha256, String artifactUrl, List<String> command, @Nullable String image,
                           int port, int containerPort, Map<String, String> env, double cpu, int memoryMb,
                           String healthPath, int healthIntervalSeconds, int healthTimeoutSeconds,
                           int failureThreshold, int startupSeconds, List<String> runtimes) {

    @Creator
    public InstanceSpec {
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? Map.of() : Map.copyOf(env);
        runtimes = runtimes == null ? PackageRuntimes.WITHOUT_FIELD : PackageRuntimes.ordered(runtimes);
    }

    /** The spec of a version that runs on {@link PackageRuntimes#WITHOUT_FIELD}, the process runtime. */
    public InstanceSpec(String instanceId, String app, String version, String deploymentId, String artifactSha256,
                        String artifactUrl, List<String> command, @Nullable String image, int port, int containerPort,
                        Map<String, String> env, double cpu, int memoryMb, String healthPath, int healthIntervalSeconds,
                        int healthTimeoutSeconds, int failureThreshold, int startupSeconds) {
        this(instanceId, app, version, deploymentId, artifactSha256, artifactUrl, command, image, port, containerPort, env,
                cpu, memoryMb, healthPath, healthIntervalSeconds, healthTimeoutSeconds, failureThreshold, startupSeconds, null);
    }
}
